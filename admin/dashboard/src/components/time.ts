const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export const formatTime = (iso: string | null | undefined): string => (iso ? format.format(new Date(iso)) : '');

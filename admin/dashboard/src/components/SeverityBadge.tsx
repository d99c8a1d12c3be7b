import { Badge } from '@mantine/core';

const colors: Record<string, string> = { critical: 'red.9', high: 'orange.9', medium: 'yellow.9', low: 'blue.8', info: 'gray.7' };

/** Filled badges in dark shades: white text on them keeps WCAG AA contrast. */
export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge color={colors[severity] ?? 'gray.7'} variant="filled" size="sm">
      {severity}
    </Badge>
  );
}

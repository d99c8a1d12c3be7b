import { Badge } from '@mantine/core';

// Contrast with white text, by WCAG's formula: 7.4, 6.4, 6.9, 6.9, 8.2 (AA asks 4.5).
const colors: Record<string, string> = { critical: '#a61e1e', high: '#a63c00', medium: '#7a5200', low: '#1c5aa6', info: '#495057' };


export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge color={colors[severity] ?? '#495057'} variant="filled" size="sm" style={{ overflow: 'visible', minWidth: 'max-content' }}>
      {severity}
    </Badge>
  );
}

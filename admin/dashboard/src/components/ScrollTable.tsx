import type { ReactNode } from 'react';

/**
 * A table's horizontal scroller for narrow screens. Focusable, so keyboard users can scroll it even when the table
 * holds nothing focusable (axe's scrollable-region-focusable).
 */
export function ScrollTable({ minWidth, label, children }: { minWidth: number; label: string; children: ReactNode }) {
  return (
    <div tabIndex={0} role="region" aria-label={label} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}

import { Alert, Loader } from '@mantine/core';
import type { ReactNode } from 'react';

/** The loading and error states every view shows the same way. */
export function QueryState({ isPending, error, children }: { isPending: boolean; error: Error | null; children: ReactNode }) {
  if (error) {
    return (
      <Alert color="red" title="The admin API answered with an error" role="alert">
        {error.message}
      </Alert>
    );
  }
  if (isPending) return <Loader aria-label="Loading" />;
  return <>{children}</>;
}

import { Button, Center, Paper, Text, Title } from '@mantine/core';
import type { SignedOutState } from '../auth/session';

export function SignedOut({ reason, signIn }: SignedOutState) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="xl" maw={480}>
        <Title order={1} size="h3" mb="sm">
          AiSpm
        </Title>
        <Text>{reason}</Text>
        {signIn && (
          <Button mt="md" onClick={signIn}>
            Sign in
          </Button>
        )}
      </Paper>
    </Center>
  );
}

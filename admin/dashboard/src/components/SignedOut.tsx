import { Center, Paper, Text, Title } from '@mantine/core';

export function SignedOut({ reason }: { reason: string }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="xl" maw={480}>
        <Title order={1} size="h3" mb="sm">
          AiSpm
        </Title>
        <Text>{reason}</Text>
      </Paper>
    </Center>
  );
}

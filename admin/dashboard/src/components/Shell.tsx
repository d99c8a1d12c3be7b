import { AppShell, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { NavLink as RouterLink, useLocation } from 'react-router';
import { useSession } from '../auth/session';

// Views whose back end exists.
const views = [
  { to: '/', label: 'Overview' },
  { to: '/findings', label: 'Findings' },
  { to: '/live', label: 'Live events' },
  { to: '/policy', label: 'Policy' },
  { to: '/inventory', label: 'Inventory' },
  { to: '/graph', label: 'Asset graph' },
  { to: '/controls', label: 'Controls' },
  { to: '/guardian', label: 'Guardian' },
  { to: '/redteam', label: 'Red team' },
  { to: '/integrations', label: 'Integrations' },
] as const;

export function Shell({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const { user, signOut } = useSession();
  const { pathname } = useLocation();
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4">
              AiSpm
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="xs">
              {user}
            </Text>
            <Button variant="subtle" size="compact-sm" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Views">
        {views.map((v) => (
          <NavLink
            key={v.to}
            component={RouterLink}
            to={v.to}
            label={v.label}
            onClick={close}
            active={v.to === '/' ? pathname === '/' : pathname.startsWith(v.to)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}

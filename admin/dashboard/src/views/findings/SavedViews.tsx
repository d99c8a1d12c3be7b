import { Button, Group, Popover, Select, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorText } from '../../api/client';
import type { SavedView, SavedViews as SavedViewsResponse } from '../../api/types';
import { useSession } from '../../auth/session';
import { savedQuery } from './findingsQuery';

const path = (name?: string) => '/spm/api/saved-views/findings' + (name === undefined ? '' : '/' + encodeURIComponent(name));

/**
 * The caller's saved filter sets of the Findings view, kept by the admin service per user: pick one to open it (its
 * query becomes the URL, so the URL is still the whole state), name the current filters to save them, delete one.
 */
export function SavedViews() {
  const { api } = useSession();
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const views = useQuery({ queryKey: ['saved-views', 'findings'], queryFn: () => api.get<SavedViewsResponse>(path()) });
  const current = savedQuery(params);
  const items = views.data?.items ?? [];
  const selected = items.find((v) => v.query === current)?.name ?? null;

  const refresh = () => queries.invalidateQueries({ queryKey: ['saved-views', 'findings'] });
  const save = useMutation({
    mutationFn: (n: string) => api.send<SavedView>('PUT', path(n), { query: current }),
    onSuccess: () => {
      setNaming(false);
      setName('');
      return refresh();
    },
  });
  const remove = useMutation({ mutationFn: (n: string) => api.send<unknown>('DELETE', path(n)), onSuccess: refresh });

  return (
    <Group gap="xs" align="end" wrap="wrap">
      <Select
        label="Saved view"
        placeholder={items.length ? 'Open a saved view' : 'None saved yet'}
        data={items.map((v) => v.name)}
        value={selected}
        onChange={(n) => {
          const v = items.find((x) => x.name === n);
          if (v) setParams(new URLSearchParams(v.query));
        }}
        w={220}
        disabled={items.length === 0}
      />
      <Popover opened={naming} onChange={setNaming} position="bottom-start" trapFocus withArrow>
        <Popover.Target>
          <Button variant="default" onClick={() => setNaming((o) => !o)}>
            Save view
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) save.mutate(name.trim());
            }}
          >
            <Group gap="xs" align="end">
              <TextInput label="View name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={80} required w={200} />
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
            {save.error && (
              <Text role="alert" c="red.9" size="sm" mt={4} maw={280} style={{ whiteSpace: 'pre-line' }}>
                {errorText(save.error)}
              </Text>
            )}
          </form>
        </Popover.Dropdown>
      </Popover>
      {selected && (
        <Button variant="default" color="red" loading={remove.isPending} onClick={() => remove.mutate(selected)} aria-label={`Delete saved view ${selected}`}>
          Delete saved view
        </Button>
      )}
    </Group>
  );
}

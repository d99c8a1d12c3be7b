import { ActionIcon, Button, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { ScrollTable } from '../../components/ScrollTable';

export type Column<T> =
  | { key: keyof T & string; label: string; kind: 'text'; optional: boolean }
  | { key: keyof T & string; label: string; kind: 'number' }
  | { key: keyof T & string; label: string; kind: 'select'; options: readonly string[] };

/** An editable list of records (overrides, suppressions, limits): one row each, one input per field. */
export function RowsEditor<T extends object>({
  title,
  rows,
  columns,
  blank,
  readOnly,
  onChange,
}: {
  title: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  blank: T;
  readOnly: boolean;
  onChange: (rows: T[]) => void;
}) {
  const update = (i: number, key: string, value: unknown) => onChange(rows.map((r, j) => (j === i ? ({ ...r, [key]: value } as T) : r)));
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          None.
        </Text>
      ) : (
        <ScrollTable minWidth={560} label={title}>
          <Table verticalSpacing={2} aria-label={title}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.key}>{c.label}</Table.Th>
                ))}
                {!readOnly && <Table.Th aria-label="Remove" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={i}>
                  {columns.map((c) => {
                    const v = (r as Record<string, unknown>)[c.key];
                    const label = `${title} ${i + 1} ${c.label}`;
                    return (
                      <Table.Td key={c.key}>
                        {c.kind === 'select' ? (
                          <Select aria-label={label} size="xs" data={[...c.options]} value={typeof v === 'string' ? v : null} onChange={(x) => update(i, c.key, x)} disabled={readOnly} allowDeselect={false} />
                        ) : c.kind === 'number' ? (
                          <NumberInput aria-label={label} size="xs" min={1} value={typeof v === 'number' || typeof v === 'string' ? Number(v) : ''} onChange={(x) => update(i, c.key, typeof x === 'number' ? x : Number(x))} disabled={readOnly} />
                        ) : (
                          <TextInput
                            aria-label={label}
                            size="xs"
                            value={typeof v === 'string' ? v : ''}
                            placeholder={c.optional ? 'any' : ''}
                            onChange={(e) => update(i, c.key, e.currentTarget.value === '' && c.optional ? null : e.currentTarget.value)}
                            disabled={readOnly}
                          />
                        )}
                      </Table.Td>
                    );
                  })}
                  {!readOnly && (
                    <Table.Td>
                      <ActionIcon variant="subtle" color="#a61e1e" aria-label={`Remove ${title} ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                        ✕
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {!readOnly && (
        <Group>
          <Button size="compact-sm" variant="default" onClick={() => onChange([...rows, { ...blank }])}>
            Add to {title.toLowerCase()}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

import { Anchor, Code, List, Text } from '@mantine/core';
import { Fragment } from 'react';
import type { Inline } from './markdown';
import { parseMarkdown } from './markdown';

function Inlines({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((p, i) => {
        switch (p.kind) {
          case 'code':
            return (
              <Code key={i} style={{ whiteSpace: 'pre-wrap' }}>
                {p.text}
              </Code>
            );
          case 'bold':
            return <strong key={i}>{p.text}</strong>;
          case 'link':
            return (
              <Anchor key={i} href={p.href} target="_blank" rel="noreferrer noopener">
                {p.text}
              </Anchor>
            );
          default:
            return (
              <Fragment key={i}>
                {p.text.split('\n').map((t, j) => (
                  <Fragment key={j}>
                    {j > 0 && <br />}
                    {t}
                  </Fragment>
                ))}
              </Fragment>
            );
        }
      })}
    </>
  );
}

/** Markdown from the API (a control's remediation), as React elements only: no HTML is ever injected. */
export function Markdown({ source }: { source: string }) {
  return (
    <>
      {parseMarkdown(source).map((b, i) => {
        if (b.kind === 'code') {
          return (
            <Code key={i} block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {b.text}
            </Code>
          );
        }
        if (b.kind === 'list') {
          return (
            <List key={i} size="sm">
              {b.items.map((item, j) => (
                <List.Item key={j}>
                  <Inlines parts={item} />
                </List.Item>
              ))}
            </List>
          );
        }
        return (
          <Text key={i} size="sm" style={{ overflowWrap: 'anywhere' }}>
            <Inlines parts={b.parts} />
          </Text>
        );
      })}
    </>
  );
}

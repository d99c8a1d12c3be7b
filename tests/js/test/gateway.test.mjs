// The official openai npm client sees the same thing through the AiSpm gateway as directly from the mock upstream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startEnvironment } from './env.mjs';

const expected16 = Array.from({ length: 16 }, (_, i) => `tok${i} `).join('');

describe('openai npm client through the gateway', { timeout: 120_000 }, () => {
  let env;
  before(async () => { env = await startEnvironment(); });
  after(async () => { await env?.stop(); });

  const client = (url, headers = {}) => new OpenAI({
    apiKey: 'sk-client-test-key',
    baseURL: url + '/v1',
    maxRetries: 0,
    timeout: 20_000,
    defaultHeaders: headers,
  });

  test('chat completion: same answer', async () => {
    const ask = (url) => client(url).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    const direct = await ask(env.mockUrl);
    const through = await ask(env.gatewayUrl);
    assert.equal(direct.choices[0].message.content, expected16);
    assert.deepEqual(through, direct);
  });

  test('chat streaming: same chunk sequence', async () => {
    const stream = async (url) => {
      const chunks = [];
      const s = await client(url).chat.completions.create({
        model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }],
      });
      for await (const chunk of s) chunks.push(chunk);
      return chunks;
    };
    const direct = await stream(env.mockUrl);
    const through = await stream(env.gatewayUrl);
    assert.equal(direct.map((c) => c.choices[0]?.delta?.content ?? '').join(''), expected16);
    assert.equal(direct.at(-1).usage.completion_tokens, 16);
    assert.deepEqual(through, direct);
  });

  test('chat streaming tool call: same chunk sequence', async () => {
    const stream = async (url) => {
      const chunks = [];
      const s = await client(url, { 'x-mock-tool-call': 'get_weather', 'x-mock-tokens': '3' }).chat.completions.create({
        model: 'gpt-4o',
        stream: true,
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
        messages: [{ role: 'user', content: 'Weather?' }],
      });
      for await (const chunk of s) chunks.push(chunk);
      return chunks;
    };
    const direct = await stream(env.mockUrl);
    const through = await stream(env.gatewayUrl);
    assert.equal(direct[0].choices[0].delta.tool_calls[0].function.name, 'get_weather');
    assert.equal(direct.at(-1).choices[0].finish_reason, 'tool_calls');
    assert.deepEqual(through, direct);
  });

  test('responses streaming: same event sequence', async () => {
    const stream = async (url) => {
      const events = [];
      const s = await client(url).responses.create({ model: 'gpt-4o', input: 'Hi', stream: true });
      for await (const event of s) events.push(event);
      return events;
    };
    const direct = await stream(env.mockUrl);
    const through = await stream(env.gatewayUrl);
    assert.equal(direct[0].type, 'response.created');
    assert.equal(direct.at(-1).type, 'response.completed');
    assert.equal(direct.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join(''), expected16);
    assert.deepEqual(through, direct);
  });

  test('responses: same answer', async () => {
    const ask = (url) => client(url).responses.create({ model: 'gpt-4o', input: 'Hi' });
    const direct = await ask(env.mockUrl);
    const through = await ask(env.gatewayUrl);
    assert.equal(direct.output_text, expected16);
    assert.deepEqual(through, direct);
  });

  test('legacy completions streaming: same chunk sequence', async () => {
    const stream = async (url) => {
      const chunks = [];
      const s = await client(url).completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say', stream: true });
      for await (const chunk of s) chunks.push(chunk);
      return chunks;
    };
    const direct = await stream(env.mockUrl);
    const through = await stream(env.gatewayUrl);
    assert.equal(direct.map((c) => c.choices[0].text).join(''), expected16);
    assert.deepEqual(through, direct);
  });

  test('embeddings: same vectors', async () => {
    const embed = (url) => client(url).embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    const direct = await embed(env.mockUrl);
    const through = await embed(env.gatewayUrl);
    assert.equal(direct.data.length, 2);
    assert.equal(direct.data[0].embedding[0], -0.5);
    assert.deepEqual(through, direct);
  });

  test('models: same list', async () => {
    const list = async (url) => {
      const models = [];
      for await (const m of client(url).models.list()) models.push(m.id);
      return models;
    };
    const direct = await list(env.mockUrl);
    assert.ok(direct.includes('mock-gpt-4o'));
    assert.deepEqual(await list(env.gatewayUrl), direct);
  });

  test('a model with no route is a 400 OpenAI error the client understands', async () => {
    await assert.rejects(
      client(env.gatewayUrl).chat.completions.create({ model: 'unrouted-model', messages: [] }),
      (e) => e instanceof OpenAI.APIError && e.status === 400 && e.code === 'no_route' && typeof e.message === 'string',
    );
  });

  test('a refused upstream is a 502 OpenAI error the client understands', async () => {
    await assert.rejects(
      client(env.gatewayUrl).chat.completions.create({ model: 'refused-gpt', messages: [] }),
      (e) => e instanceof OpenAI.APIError && e.status === 502 && e.code === 'upstream_unavailable',
    );
  });
});

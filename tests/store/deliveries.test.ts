import { beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { describeStores } from '../helpers/store-backends.js';

describeStores('delivery slots and shared values', (fresh) => {
  let a: Store;
  let b: Store;

  beforeEach(async () => {
    // Two stores on one database: two processes (replicas) of one deployment.
    const deployment = await fresh();
    a = await deployment.open();
    b = await deployment.open();
  });

  it('counts the requests for a message and says which one created the slot', async () => {
    const first = await a.deliveries.open('wechat', 'm1');
    const retry = await b.deliveries.open('wechat', 'm1');
    expect([first.created, first.delivery.status, first.delivery.requests]).toEqual([true, 'pending', 1]);
    expect([retry.created, retry.delivery.requests]).toEqual([false, 2]);
  });

  it('settles a slot once: passive or deferred, whichever comes first', async () => {
    await a.deliveries.open('wechat', 'm2');
    expect(await a.deliveries.settlePassive('wechat', 'm2', 'the reply')).toBe(true);
    expect(await b.deliveries.defer('wechat', 'm2')).toBe(false);
    expect(await b.deliveries.settlePassive('wechat', 'm2', 'another reply')).toBe(false);
    expect(await b.deliveries.get('wechat', 'm2')).toMatchObject({ status: 'passive', payload: 'the reply' });

    await a.deliveries.open('wechat', 'm3');
    expect(await b.deliveries.defer('wechat', 'm3')).toBe(true);
    expect(await a.deliveries.settlePassive('wechat', 'm3', 'too late')).toBe(false);
    expect(await a.deliveries.claimSend('wechat', 'm3', 60_000)).toBe(true);
    expect(await b.deliveries.claimSend('wechat', 'm3', 60_000)).toBe(false);
    await a.deliveries.markSent('wechat', 'm3');
    expect(await b.deliveries.get('wechat', 'm3')).toMatchObject({ status: 'sent' });
  });

  it('lets another worker take over a send whose lease ran out, and lists deferred replies nobody sends', async () => {
    await a.deliveries.open('wechat', 'm4');
    await a.deliveries.defer('wechat', 'm4');
    expect((await b.deliveries.listUnsent(new Date(Date.now() + 1), 10)).map((d) => d.messageId)).toEqual(['m4']);
    expect(await a.deliveries.claimSend('wechat', 'm4', -1)).toBe(true);
    expect(await b.deliveries.claimSend('wechat', 'm4', 60_000)).toBe(true);
    await b.deliveries.markFailed('wechat', 'm4', 'errcode 45015');
    expect(await a.deliveries.get('wechat', 'm4')).toMatchObject({ status: 'failed', lastError: 'errcode 45015' });
    expect(await a.deliveries.listUnsent(new Date(Date.now() + 1), 10)).toEqual([]);
  });

  it('keeps shared values until they expire, and deletes one only while it is unchanged', async () => {
    await a.keyValues.set('token', 't1', new Date(Date.now() + 60_000));
    expect(await b.keyValues.get('token')).toMatchObject({ value: 't1' });
    await b.keyValues.set('token', 't2', new Date(Date.now() + 60_000));
    expect(await a.keyValues.deleteIf('token', 't1')).toBe(false);
    expect((await a.keyValues.get('token'))?.value).toBe('t2');
    await a.keyValues.set('old', 'x', new Date(Date.now() - 1));
    expect(await b.keyValues.get('old')).toBeNull();
  });
});

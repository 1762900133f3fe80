import { describe, expect, it } from 'vitest';
import { LexiconSentimentAnalyser } from '../../src/nlu/sentiment/lexicon-analyser.js';
import { lexiconSignals } from '../../src/nlu/sentiment/lexicon/signals.js';

const polarity = (text: string) => lexiconSignals(text).polarity;
const label = async (text: string) => (await new LexiconSentimentAnalyser().analyse([{ text, language: 'en' }]))[0]!.label;

describe('lexicon analyser: English', () => {
  it('negation flips praise and only softens complaints', () => {
    expect(polarity('the service was good')).toBeGreaterThan(0.2);
    expect(polarity('the service was not good')).toBeLessThan(-0.15);
    expect(polarity('not terrible')).toBeLessThan(0);
    expect(polarity('not terrible')).toBeGreaterThan(polarity('terrible'));
    expect(polarity('not bad at all')).toBeGreaterThan(0);
  });

  it('intensifiers strengthen, dampeners soften', () => {
    expect(polarity('very disappointed')).toBeLessThan(polarity('disappointed'));
    expect(polarity('a bit disappointed')).toBeGreaterThan(polarity('disappointed'));
  });

  it('exclamation marks and shouting amplify; shouting alone reads as impatience', () => {
    expect(polarity('This is unacceptable!!!')).toBeLessThan(polarity('This is unacceptable'));
    expect(polarity('This is UNACCEPTABLE')).toBeLessThan(polarity('This is unacceptable'));
    expect(polarity('WHERE IS MY ORDER')).toBeLessThan(0);
    expect(polarity('Where is my order')).toBe(0);
  });

  it('a contrast moves the weight to the clause after "but"', () => {
    expect(polarity('Thanks for the quick reply, but the screen is cracked and I am upset')).toBeLessThan(-0.15);
  });

  it('swearing counts and is reported; part numbers and USB do not', () => {
    expect(lexiconSignals('fuck this shop').abuse).toEqual(['fuck']);
    expect(polarity('fuck this shop')).toBeLessThan(-0.4);
    expect(lexiconSignals('The USB-C cable SB-2041 is missing').abuse).toEqual([]);
  });

  it('emoji and emoticons', () => {
    expect(polarity('ok 😡😡')).toBeLessThan(-0.3);
    expect(polarity('arrived today :)')).toBeGreaterThan(0.15);
  });

  it('thanks at the end of a question is manners, not delight', async () => {
    expect(await label('Could you check my refund status? Thanks.')).toBe('neutral');
    expect(await label('Thanks so much, it works perfectly!')).toBe('positive');
  });
});

describe('lexicon analyser: Chinese', () => {
  it('negation before praise is a complaint; lexicalised forms keep their meaning', () => {
    expect(polarity('很专业')).toBeGreaterThan(0.15);
    expect(polarity('不专业')).toBeLessThan(-0.15);
    expect(polarity('不错')).toBeGreaterThan(0.15);
    expect(polarity('不太满意')).toBeLessThan(-0.1);
    expect(polarity('一点都不好用')).toBeLessThan(polarity('不好用'));
    expect(polarity('根本没收到')).toBeLessThan(-0.2);
  });

  it('degree words strengthen and soften', () => {
    expect(polarity('太慢了')).toBeLessThan(polarity('慢'));
    expect(polarity('有点慢')).toBeGreaterThan(polarity('慢'));
  });

  it('compounds that merely contain a sentiment character carry none', () => {
    for (const neutral of ['快递什么时候到', '麻烦帮我查一下', '能补差价吗', '不好意思打扰一下', '怎么操作退货', '有烟灰色的吗']) {
      expect(polarity(neutral), neutral).toBe(0);
    }
  });

  it('a contrast (但是, 就是) moves the weight to what follows', () => {
    expect(polarity('东西不错，但是物流太慢了')).toBeLessThan(-0.15);
    expect(polarity('东西还行，就是物流太慢了')).toBeLessThan(-0.15);
  });

  it('swearing and insults, but not words that contain the same characters', () => {
    expect(lexiconSignals('傻逼客服').abuse.length).toBe(1);
    expect(lexiconSignals('滚！你们这群骗子').abuse.length).toBe(0);
    expect(lexiconSignals('给我滚，骗子').abuse).toEqual(['给我滚']);
    expect(lexiconSignals('这个滚筒洗衣机怎么操作').abuse).toEqual([]);
  });

  it('exclamation marks, repeated question marks and WeChat stickers', () => {
    expect(polarity('太差了！！！')).toBeLessThan(polarity('太差了'));
    expect(polarity('怎么还没到？？？')).toBeLessThan(polarity('怎么还没到'));
    expect(polarity('[发怒][发怒]')).toBeLessThan(-0.5);
  });

  it('a plain question or acknowledgement is recognised as such', () => {
    expect(lexiconSignals('我的订单到哪里了？')).toMatchObject({ question: true, negative: 0 });
    expect(lexiconSignals('麻烦帮我改一下地址')).toMatchObject({ request: true });
    expect(lexiconSignals('好的')).toMatchObject({ acknowledgement: true });
  });

  it('the acceptance example is negative', async () => {
    expect(await label('你们这是什么垃圾服务')).toBe('negative');
  });
});

describe('lexicon analyser: mixed Chinese and English', () => {
  it('scores both parts', () => {
    expect(polarity('我的 order 都 late 一周了，太慢了')).toBeLessThan(-0.3);
    expect(polarity('thanks，东西很好')).toBeGreaterThan(0.3);
  });
});

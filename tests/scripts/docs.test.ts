import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageFile, renderFromResults } from '../../scripts/docs-performance.js';
import { repoRoot } from '../../testkit/runtime.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith('.md') ? [path] : [];
  });
}

/** Text outside fenced code blocks, where a link is a link. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6} +(.+)$/gm)) {
    const slug = heading!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    anchors.add(slug);
  }
  return anchors;
}

function relativeLinks(file: string): string[] {
  const text = prose(readFileSync(file, 'utf8')).replace(/`[^`\n]*`/g, '');
  const targets = [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

const pages = [join(repoRoot, 'README.md'), ...markdownFiles(join(repoRoot, 'docs')), join(repoRoot, 'models/bundled/README.md')];

describe('the README and docs/', () => {
  it('every relative link and anchor resolves', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const link of relativeLinks(page)) {
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path ? resolve(dirname(page), decodeURI(path)) : page;
        const where = `${relative(repoRoot, page)}: ${link}`;
        if (!existsSync(target)) broken.push(`${where} (no such file)`);
        else if (anchor && target.endsWith('.md') && !anchorsOf(target).has(decodeURIComponent(anchor))) broken.push(`${where} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
    expect(pages.length).toBeGreaterThan(15);
  });

  it('the README stays a short introduction', () => {
    const lines = readFileSync(join(repoRoot, 'README.md'), 'utf8').split('\n').length;
    expect(lines).toBeLessThanOrEqual(200);
  });

  it('docs/performance.md is the last bench run, as npm run docs:performance writes it', () => {
    expect(readFileSync(pageFile, 'utf8')).toBe(renderFromResults());
  });

  it('has a page per channel and per topic', () => {
    for (const page of [
      'channels/widget',
      'channels/slack',
      'channels/teams',
      'channels/discord',
      'channels/wechat',
      'channels/webhook',
      'knowledge-base',
      'escalation',
      'replies-and-models',
      'staff-desk',
      'operations',
      'architecture',
      'performance',
    ]) {
      expect(existsSync(join(repoRoot, 'docs', `${page}.md`)), page).toBe(true);
    }
  });
});

// Fails the build when the first page's JavaScript (the entry and what it loads at once) is over
// 300 KB gzipped. Lazy chunks (charts, other pages) are not counted: they load later.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT = 300 * 1024;
const dist = new URL('../dist/', import.meta.url);
const html = readFileSync(new URL('index.html', dist), 'utf8');
const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const f of files) {
  total += gzipSync(readFileSync(new URL(f, dist))).length;
}
const kb = (total / 1024).toFixed(1);
if (total > LIMIT) {
  console.error(`first-page JavaScript is ${kb} KB gzipped, over the 300 KB budget`);
  process.exit(1);
}
console.log(`first-page JavaScript: ${kb} KB gzipped (budget 300 KB, ${files.length} files)`);

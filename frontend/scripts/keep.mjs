// vite empties dist/; the Go embed needs the committed placeholder back.
import { writeFileSync } from 'node:fs';
writeFileSync(new URL('../dist/.gitkeep', import.meta.url), '');

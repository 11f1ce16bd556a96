/** Runs the benchmarks and prints their reports: `npm run bench`. */
import { benchHcl } from './hcl-parse.js';

const benches: { name: string; run: () => Promise<string> }[] = [{ name: 'hcl-parse', run: benchHcl }];

for (const bench of benches) {
  console.log(`== ${bench.name}`);
  console.log(await bench.run());
}

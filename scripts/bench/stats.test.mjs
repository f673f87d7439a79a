// node --test scripts/bench/stats.test.mjs
import assert from 'node:assert/strict';
import test from 'node:test';
import { parseArgs, parseGoBench, summary } from './stats.mjs';

test('summary: median of odd and even counts, min, max', () => {
  assert.deepEqual(summary([3, 1, 2]), { n: 3, median: 2, min: 1, max: 3, samples: [3, 1, 2] });
  assert.equal(summary([4, 1, 3, 2]).median, 2.5);
  assert.equal(summary([]), null);
});

test('parseGoBench: MB/s and ns/op per benchmark, suffix dropped', () => {
  const out = parseGoBench(`goos: linux
BenchmarkCheckTypical-2   	     271	   4565123 ns/op	 229.70 MB/s	  123 B/op	       2 allocs/op
BenchmarkCheckTypical-2   	     262	   4400000 ns/op	 238.31 MB/s	  123 B/op	       2 allocs/op
BenchmarkDefaultBuild-2   	     219	   5460000 ns/op	 1234567 B/op	    9876 allocs/op
BenchmarkScan             	     300	   3444000 ns/op	 304.45 MB/s
PASS`);
  assert.deepEqual(out.BenchmarkCheckTypical, { nsop: [4565123, 4400000], mbps: [229.7, 238.31] });
  assert.deepEqual(out.BenchmarkDefaultBuild, { nsop: [5460000], mbps: [] });
  assert.deepEqual(out.BenchmarkScan.mbps, [304.45]);
});

test('parseArgs: --name value pairs, a bare flag is true, positional words ignored', () => {
  assert.deepEqual(parseArgs(['--ext', 'dist/chrome', '--quick', '--runs', '3', 'stray']), { ext: 'dist/chrome', quick: 'true', runs: '3' });
  assert.deepEqual(parseArgs(['--a', '--b', 'x']), { a: 'true', b: 'x' });
  assert.deepEqual(parseArgs([]), {});
});

// Small statistics and parsing helpers shared by the bench harnesses.

const round = (x) => Math.round(x * 1000) / 1000;

// summary returns the median, min and max of xs and the samples (rounded
// to µs when they are ms), or null when xs is empty.
export function summary(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (!n) return null;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { n, median: round(median), min: round(s[0]), max: round(s[n - 1]), samples: xs.map(round) };
}

// parseGoBench reads `go test -bench` output and returns, per benchmark
// (without the -GOMAXPROCS suffix), its ns/op and MB/s samples.
export function parseGoBench(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns\/op(?:\s+([\d.]+) MB\/s)?/.exec(line);
    if (!m) continue;
    const b = (out[m[1]] ??= { nsop: [], mbps: [] });
    b.nsop.push(Number(m[2]));
    if (m[3]) b.mbps.push(Number(m[3]));
  }
  return out;
}

// parseArgs reads `--name value` pairs (a flag with no value is 'true')
// into an object: the harnesses' whole command-line syntax.
export function parseArgs(argv) {
  return Object.fromEntries(
    argv.reduce((acc, a, i, all) => {
      if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
      return acc;
    }, []),
  );
}

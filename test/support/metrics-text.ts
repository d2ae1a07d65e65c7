/** Reading Prometheus' exposition text, as /metrics serves it, in tests. */

/** The value of the sample `name{labels}`, or undefined when the text has none. */
export function sampleOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

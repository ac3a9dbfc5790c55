// Benchmarks print each figure beside its budget; `npm run bench` fails when one is over.
export interface Figure {
  name: string;
  value: number;
  unit: string;
  budget: number;
  /** 'max': value must be at most budget; 'min': at least. */
  kind: 'max' | 'min';
}

export function report(title: string, figures: Figure[]): Figure[] {
  const rows = figures.map((f) => {
    const ok = f.kind === 'max' ? f.value <= f.budget : f.value >= f.budget;
    return `  ${ok ? 'ok  ' : 'OVER'}  ${f.name.padEnd(58)} ${format(f.value).padStart(10)} ${f.unit.padEnd(8)} budget ${f.kind === 'max' ? '≤' : '≥'} ${format(f.budget)} ${f.unit}`;
  });
  console.log(`\n${title}\n${rows.join('\n')}\n`);
  return figures.filter((f) => (f.kind === 'max' ? f.value > f.budget : f.value < f.budget));
}

const format = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1));

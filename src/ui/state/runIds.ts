/** `<stem>-<n>` with n above every number any taken id ends with (ids stay unique across sessions). */
export function uniqueId(base: string, taken: string[]): string {
  const stem = base.replace(/-\d+$/, '');
  const used = taken.map((t) => Number(/-(\d+)$/.exec(t)?.[1] ?? 0));
  return `${stem}-${Math.max(0, ...used) + 1}`;
}

/** `name`, or when a run on the page already shows it, `name (2)`, `name (3)`…: no two rows read the same. */
export function uniqueName(name: string, taken: readonly string[]): string {
  const stem = name.replace(/ \(\d+\)$/, '');
  if (!taken.includes(name)) return name;
  for (let n = 2; ; n++) if (!taken.includes(`${stem} (${n})`)) return `${stem} (${n})`;
}

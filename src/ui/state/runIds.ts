/** `<stem>-<n>` with n above every number any taken id ends with (ids stay unique across sessions). */
export function uniqueId(base: string, taken: string[]): string {
  const stem = base.replace(/-\d+$/, '');
  const used = taken.map((t) => Number(/-(\d+)$/.exec(t)?.[1] ?? 0));
  return `${stem}-${Math.max(0, ...used) + 1}`;
}

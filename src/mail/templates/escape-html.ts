// Every variable that reaches an HTML part goes through here, including attribute values
// (links), so a name like `<img onerror=…>` is shown, never interpreted.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

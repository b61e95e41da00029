/**
 * Display names for pictures. A picture cannot show a mention, so the bot keeps
 * the name each member last used it under (in memory, bounded); a member it has
 * not seen since the start is shown by the end of their id.
 */
export class NameBook {
  private readonly names = new Map<string, string>();

  constructor(private readonly capacity = 20_000) {}

  remember(userId: string, name: string): void {
    if (!name) return;
    // re-inserting moves the member to the newest end: the oldest is dropped first
    this.names.delete(userId);
    this.names.set(userId, name);
    if (this.names.size > this.capacity) this.names.delete(this.names.keys().next().value!);
  }

  name(userId: string): string {
    return this.names.get(userId) ?? `#${userId.slice(-4)}`;
  }
}

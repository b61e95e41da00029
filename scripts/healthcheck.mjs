// The image's HEALTHCHECK: exit 0 when the bot's /readyz (or the path given) answers 200.
// Node itself rather than curl, which the slim image does not have.
const port = process.env.HEALTH_PORT || '8080';
const path = process.argv[2] || '/readyz';
try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) });
  if (!res.ok) console.error(`${path}: HTTP ${res.status} ${await res.text()}`);
  process.exit(res.ok ? 0 : 1);
} catch (error) {
  console.error(`${path}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

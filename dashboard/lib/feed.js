// The live event feed: starts at the end of the history (`GET /events?from=latest`), then polls
// `GET /events?after=<cursor>` and hands new events over as they come. A full page is followed at
// once by the next (catching up); otherwise the next poll waits one interval, so a new event shows
// within about one interval.

const PAGE = 500;

/**
 * Starts polling; `onEvents(events)` receives each page's events in the feed's order (the first
 * page: the last events recorded), `onStatus` one of `live`, `offline` (network or server trouble:
 * retried) or `restricted` (401/403: stops until `restart`, e.g. with another token). A cursor the
 * server no longer knows (410, after a week unused) starts again at the end. Returns
 * `{ restart, stop }`.
 */
export const startFeed = ({ api, intervalMs, onEvents, onStatus }) => {
  let cursor = null;
  let timer = null;
  let generation = 0;

  const schedule = (run, delay) => {
    clearTimeout(timer);
    timer = setTimeout(run, delay);
  };

  const poll = async (mine) => {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (cursor === null) query.set('from', 'latest');
    else query.set('after', cursor);
    const answer = await api.get(`/events?${query}`);
    if (mine !== generation) return;
    if (answer.status === 401 || answer.status === 403) {
      onStatus('restricted');
      return;
    }
    if (answer.status === 410) {
      cursor = null;
      schedule(() => poll(mine), 0);
      return;
    }
    if (!answer.ok || answer.body === null) {
      onStatus('offline');
      schedule(() => poll(mine), intervalMs * 2);
      return;
    }
    onStatus('live');
    const { events, scanned } = answer.body;
    if (answer.body.checkpoint !== null) cursor = answer.body.checkpoint;
    if (events.length > 0) onEvents(events);
    schedule(() => poll(mine), scanned >= PAGE ? 0 : intervalMs);
  };

  const restart = () => {
    generation += 1;
    cursor = null;
    const mine = generation;
    schedule(() => poll(mine), 0);
  };

  restart();
  return {
    restart,
    stop: () => {
      generation += 1;
      clearTimeout(timer);
    },
  };
};

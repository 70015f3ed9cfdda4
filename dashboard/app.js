// The Naseej dashboard: the national overview, a region's funnel against its targets, the rollout's
// timeline and audit trail, and the live event feed, in French or Arabic. Plain ES modules, no build
// step: the folder is served as is by the local server and can be published as a static site.
import { apiClient, checkToken, initialToken, keepToken, loadConfig } from './lib/api.js';
import { drawBars } from './lib/charts.js';
import { startFeed } from './lib/feed.js';
import { initialLanguage, LANGUAGES, loadTranslations, rememberLanguage, translator } from './lib/i18n.js';

const REGION_KEY = 'naseej.dashboard.region';
/** How many feed events stay on screen, newest first. */
const FEED_SHOWN = 40;
/** The views are read again this often even when no feed tells of news (public visitors). */
const VIEWS_REFRESH_MS = 10_000;
/** How long to gather feed news before reading the views again. */
const VIEWS_DEBOUNCE_MS = 250;
/** Events of a rollout's own stream that date its timeline. */
const LIFECYCLE_TYPES = new Set([
  'RolloutLaunched',
  'RolloutPhaseAdvanced',
  'RolloutDeadlineExtended',
  'RolloutCancelled',
  'RolloutCompleted',
]);

const state = {
  translations: null,
  tr: null,
  token: null,
  api: null,
  config: null,
  region: 'FM',
  national: null,
  nationalStatus: 0,
  funnel: undefined,
  funnelStatus: 0,
  ledger: null,
  audit: { kind: 'none' },
  updatedAt: null,
  feedStatus: 'connecting',
  feedEvents: [],
  seenEventIds: new Set(),
  /** Per rollout id, the dated lifecycle events (from its stream, then the feed), oldest first. */
  lifecycle: new Map(),
  /** Rollout ids whose stream was asked for (once per token). */
  lifecycleRequested: new Set(),
};

const byId = (id) => document.getElementById(id);

/** Builds an element; strings become text nodes, so data from the API is never parsed as HTML. */
const h = (tag, attributes = {}, ...children) => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') element.className = value;
    else if (name === 'style') Object.assign(element.style, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(
    ...children.flat().filter((child) => child !== null && child !== undefined && child !== false),
  );
  return element;
};

const regionOfRolloutId = (rolloutId) => /^rollout-([A-Z]+)-/.exec(rolloutId ?? '')?.[1] ?? null;

/** A region's calls are named `<region>-<edition>-<purpose>` (their streams `call-<callId>`). */
const regionOfCallId = (callId) => /^(?:call-)?([A-Z]+)-[0-9A-Za-z.]+-/.exec(callId ?? '')?.[1] ?? null;

const regionOfEvent = (event) => {
  const region =
    event.data?.regionCode ??
    regionOfRolloutId(event.data?.rolloutId) ??
    regionOfRolloutId(event.streamId) ??
    regionOfCallId(event.data?.callId) ??
    regionOfCallId(event.streamId);
  return state.tr.regionCodes.includes(region) ? region : null;
};

/** The rollout of a region the overview lists: its latest launched edition. */
const rolloutOfRegion = (regionCode) =>
  (state.national?.rollouts ?? [])
    .filter((rollout) => rollout.standing.regionCode === regionCode)
    .sort((a, b) => (b.standing.launchedAt ?? '').localeCompare(a.standing.launchedAt ?? ''))[0];

// ---------------------------------------------------------------------------------------------
// Rendering

const renderChrome = () => {
  const { tr } = state;
  document.documentElement.lang = tr.language;
  document.documentElement.dir = tr.dir;
  document.title = tr.t('title');
  for (const element of document.querySelectorAll('[data-i18n]'))
    element.textContent = tr.t(element.dataset.i18n);
  const other = LANGUAGES.find((language) => language !== tr.language);
  const switcher = byId('language-switch');
  // The switch names the other language in that language; its accessible name is in the page's.
  switcher.replaceChildren(
    h('span', { lang: other, dir: other === 'ar' ? 'rtl' : 'ltr' }, tr.t('switchLanguage')),
  );
  switcher.setAttribute('aria-label', tr.t('switchLanguageLabel'));
  byId('token-state').textContent = state.token ? tr.t('tokenSet') : tr.t('tokenNone');
  byId('api-base').textContent = tr.t('apiBase', { url: state.config.apiBaseUrl || tr.t('sameOrigin') });
  const select = byId('region-select');
  select.replaceChildren(
    ...tr.regionCodes.map((code) =>
      h('option', { value: code, selected: code === state.region }, tr.region(code)),
    ),
  );
};

const renderKpis = () => {
  const { tr } = state;
  const rollouts = state.national?.rollouts ?? [];
  const sum = (pick) => rollouts.reduce((total, rollout) => total + pick(rollout.figures), 0);
  const kpis = [
    [
      'rollouts',
      'activeRollouts',
      tr.number(rollouts.filter((rollout) => rollout.standing.status === 'active').length),
    ],
    ['associations', 'associationsEnrolled', tr.number(sum((figures) => figures.associationsEnrolled))],
    ['members', 'membersEnrolled', tr.number(sum((figures) => figures.membersEnrolled))],
    ['trainers', 'trainersCertified', tr.number(sum((figures) => figures.trainersCertified))],
    ['awarded', 'grantsAwarded', tr.money(sum((figures) => figures.grantsAwardedCentimes))],
    ['paid', 'grantsPaid', tr.money(sum((figures) => figures.grantsPaidCentimes))],
  ];
  byId('kpis').replaceChildren(
    ...kpis.map(([id, label, value]) =>
      h(
        'div',
        { className: 'kpi', 'data-testid': `kpi-${id}` },
        h('dt', {}, tr.t(label)),
        h('dd', {}, value),
      ),
    ),
  );
  byId('updated-at').textContent =
    state.nationalStatus !== 0 && state.national === null
      ? tr.t('loadError', { status: state.nationalStatus })
      : state.updatedAt
        ? tr.t('updatedAt', { time: tr.clock(state.updatedAt) })
        : tr.t('loading');
};

const renderRegions = () => {
  const { tr } = state;
  const rows = tr.regionCodes.map((code) => {
    const rollout = rolloutOfRegion(code);
    const standing = rollout?.standing;
    const target = standing?.targets?.associations;
    const enrolled = rollout?.figures.associationsEnrolled ?? 0;
    return h(
      'tr',
      {
        'data-region': code,
        'data-status': standing?.status ?? 'not-launched',
        'aria-current': code === state.region ? 'true' : null,
      },
      h(
        'th',
        { scope: 'row' },
        h(
          'button',
          { type: 'button', className: 'linkish', onclick: () => selectRegion(code) },
          tr.region(code),
        ),
      ),
      h(
        'td',
        {},
        h(
          'span',
          { className: `badge badge--${standing?.status ?? 'not-launched'}` },
          tr.status(standing?.status ?? 'not-launched'),
        ),
      ),
      h('td', {}, standing ? tr.phase(standing.phase) : '—'),
      h(
        'td',
        { className: 'numeric', 'data-cell': 'enrolled', 'data-label': tr.t('enrolledShort') },
        // Each figure isolated, so that right to left the achieved figure stays first (on the right).
        standing
          ? [
              h('bdi', {}, tr.number(enrolled)),
              ' / ',
              h('bdi', {}, target === undefined ? '—' : tr.number(target)),
            ]
          : '—',
      ),
    );
  });
  byId('regions-body').replaceChildren(...rows);
  const codes = tr.regionCodes;
  drawBars(byId('national-chart'), {
    labels: codes.map((code) => tr.region(code)),
    actual: codes.map((code) => rolloutOfRegion(code)?.figures.associationsEnrolled ?? 0),
    target: codes.map((code) => rolloutOfRegion(code)?.standing.targets?.associations ?? 0),
    actualLabel: tr.t('associationsEnrolled'),
    targetLabel: tr.t('target'),
    dir: tr.dir,
    locale: tr.locale,
    format: (value) => tr.number(value),
  });
};

/** A progress bar and its figure beside it (not over the fill, where it is hard to read). */
const progress = (ratio, label, text, kind) =>
  h(
    'div',
    { className: `progress progress--${kind}` },
    h(
      'div',
      {
        className: 'bar',
        role: 'meter',
        'aria-valuemin': 0,
        'aria-valuemax': 100,
        'aria-valuenow': Math.round(Math.min(ratio, 1) * 100),
        'aria-label': label,
      },
      h('span', { className: 'bar__fill', style: { inlineSize: `${Math.min(ratio, 1) * 100}%` } }),
    ),
    h('span', { className: 'progress__text' }, text),
  );

/**
 * One stage of the funnel. A stage the events did not record (associations enrolled directly, with
 * no beneficiary call) says so instead of showing 0; the cascade is set against the program's
 * horizon, labelled as such, not against a target of the rollout.
 */
const stageRow = (stage) => {
  const { tr } = state;
  const name = tr.stage(stage.stage);
  if (stage.notRecorded) {
    return h(
      'tr',
      { 'data-stage': stage.stage, 'data-not-recorded': stage.notRecorded },
      h('th', { scope: 'row' }, name),
      h(
        'td',
        { className: 'stage-note', colspan: 3, 'data-cell': 'not-recorded' },
        tr.t('notRecordedEnrolledDirectly'),
      ),
    );
  }
  const ratio = stage.target ? stage.actual / stage.target : null;
  const horizon = stage.targetKind === 'horizon';
  return h(
    'tr',
    { 'data-stage': stage.stage, 'data-target-kind': stage.targetKind },
    h('th', { scope: 'row' }, name),
    h('td', { className: 'numeric', 'data-cell': 'actual' }, tr.number(stage.actual)),
    h(
      'td',
      { className: 'numeric', 'data-cell': 'target' },
      stage.target === null
        ? tr.t('noTarget')
        : horizon
          ? tr.t('horizonValue', { value: tr.number(stage.target) })
          : tr.number(stage.target),
    ),
    h(
      'td',
      { 'data-cell': 'progress' },
      ratio === null
        ? ''
        : progress(
            ratio,
            name,
            horizon ? tr.t('ofHorizon', { percent: tr.percent(ratio) }) : tr.percent(ratio),
            horizon ? 'horizon' : 'target',
          ),
    ),
  );
};

/** What the table cannot say in its cells: why stages are empty, what the horizon is. */
const stagesNotes = (targets, stages) => {
  const { tr } = state;
  const notes = [];
  if (stages.some((stage) => stage.notRecorded === 'enrolled-directly'))
    notes.push(h('p', { 'data-testid': 'note-enrolled-directly' }, tr.t('enrolledDirectlyNote')));
  const horizon = stages.find((stage) => stage.targetKind === 'horizon');
  if (horizon && targets)
    notes.push(
      h(
        'p',
        { 'data-testid': 'note-horizon' },
        tr.t('horizonNote', {
          horizon: tr.number(targets.horizon),
          direct: tr.number(targets.associations),
          rest: tr.number(horizon.target),
          sessions: tr.number(state.funnel?.cascadeSessions ?? 0),
          participants: tr.number(state.funnel?.cascadeParticipants ?? 0),
        }),
      ),
    );
  return notes;
};

const renderFunnel = () => {
  const { tr } = state;
  const summary = byId('funnel-summary');
  const funnel = state.funnel;
  if (funnel === undefined) {
    summary.replaceChildren(h('p', { className: 'panel__note' }, tr.t('loading')));
  } else if (funnel === null) {
    summary.replaceChildren(
      h(
        'p',
        { className: 'panel__note', 'data-testid': 'funnel-not-launched' },
        state.funnelStatus === 404 ? tr.t('notLaunched') : tr.t('loadError', { status: state.funnelStatus }),
      ),
    );
  } else {
    const { standing, operator } = funnel;
    const targets = standing.targets;
    summary.replaceChildren(
      h(
        'p',
        { className: 'funnel-summary__head' },
        h('span', { className: `badge badge--${standing.status}` }, tr.status(standing.status)),
        ' ',
        h('strong', { 'data-testid': 'funnel-phase' }, tr.phase(standing.phase)),
      ),
      targets
        ? h(
            'p',
            { 'data-testid': 'funnel-targets' },
            tr.t('targetsLine', {
              associations: tr.number(targets.associations),
              members: tr.number(targets.membersPerAssociation),
              trainers: tr.number(targets.trainers),
              horizon: tr.number(targets.horizon),
            }),
          )
        : null,
      h(
        'p',
        { 'data-testid': 'funnel-operator' },
        tr.t('operator', { name: operator ? tr.bilingual(operator.name) : tr.t('noOperator') }),
      ),
    );
  }
  const stages = funnel?.stages ?? [];
  byId('stages-body').replaceChildren(...stages.map(stageRow));
  byId('stages-note').replaceChildren(...stagesNotes(funnel?.standing?.targets, stages));
  // The chart sets each stage against the rollout's own target; the program's horizon is not one.
  const withTargets = stages.filter(
    (stage) => stage.target && stage.targetKind === 'target' && stage.notRecorded === null,
  );
  byId('funnel-chart-caption').textContent = `${tr.t('progress')} — ${tr.region(state.region)}`;
  drawBars(byId('funnel-chart'), {
    labels: withTargets.map((stage) => tr.stage(stage.stage)),
    actual: withTargets.map((stage) => Math.round((stage.actual / stage.target) * 1000) / 10),
    actualLabel: tr.t('progress'),
    max: 100,
    dir: tr.dir,
    locale: tr.locale,
    format: (value) => tr.percent(value / 100),
  });
  const ledger = state.ledger;
  byId('ledger').replaceChildren(
    h('h3', {}, tr.t('grantLedger')),
    h(
      'dl',
      { className: 'kpis kpis--small' },
      ...['committed', 'awarded', 'paid'].map((key) =>
        h(
          'div',
          { className: 'kpi', 'data-testid': `ledger-${key}` },
          h('dt', {}, tr.t(key)),
          h('dd', {}, tr.money(ledger?.totals[key] ?? 0)),
        ),
      ),
    ),
  );
};

const renderTimeline = () => {
  const { tr } = state;
  const standing = state.funnel?.standing;
  const dated = new Map();
  let cancelledAt = null;
  for (const event of state.lifecycle.get(standing?.rolloutId) ?? []) {
    if (event.type === 'RolloutLaunched') dated.set('launch', event.occurredAt);
    if (event.type === 'RolloutPhaseAdvanced') dated.set(event.data.to, event.occurredAt);
    if (event.type === 'RolloutCompleted') dated.set('closed', event.occurredAt);
    if (event.type === 'RolloutCancelled') cancelledAt = event.occurredAt;
  }
  const currentIndex = standing?.phase ? tr.phases.indexOf(standing.phase) : -1;
  const items = tr.phases.map((phase, index) => {
    const reached = index <= currentIndex;
    const current = index === currentIndex && standing?.status === 'active';
    const when = dated.get(phase);
    return h(
      'li',
      {
        className: `timeline__step ${current ? 'is-current' : reached ? 'is-done' : 'is-upcoming'}`,
        'data-phase': phase,
        'aria-current': current ? 'step' : null,
      },
      h('span', { className: 'timeline__name' }, tr.phase(phase)),
      h(
        'span',
        { className: 'timeline__when' },
        when
          ? tr.t('reachedOn', { date: tr.day(when) })
          : reached
            ? current
              ? tr.t('current')
              : ''
            : tr.t('notReached'),
        current && standing.deadline ? ` · ${tr.t('deadline', { date: tr.day(standing.deadline) })}` : '',
      ),
    );
  });
  if (cancelledAt) {
    items.push(
      h(
        'li',
        { className: 'timeline__step is-cancelled' },
        h('span', {}, tr.status('cancelled')),
        h('span', {}, tr.day(cancelledAt)),
      ),
    );
  }
  byId('timeline').replaceChildren(...(standing ? items : []));
  byId('timeline-note').textContent =
    standing && state.feedStatus === 'restricted'
      ? tr.t('timelineNeedsFeed')
      : standing
        ? ''
        : tr.t('notLaunched');
};

const feedDetail = (event) => {
  const { tr } = state;
  const data = event.data ?? {};
  switch (event.type) {
    case 'RolloutPhaseAdvanced':
      return tr.phase(data.to);
    case 'CallOpened':
      return tr.bilingual(data.title);
    case 'BeneficiaryEnrolled':
      return `${tr.bilingual(data.name)} (${tr.province(data.province)})`;
    case 'SessionHeld':
      return `${tr.module(data.module)} · ${tr.province(data.province)}`;
    case 'CascadeSessionReported':
      return `${tr.province(data.province)} · ${tr.number(data.participantCount)}`;
    case 'CoFunderBudgetCommitted':
      return `${tr.bilingual(data.name)} · ${tr.money(data.amount)}`;
    case 'GrantAwarded':
    case 'TranchePaid':
      return tr.money(data.amount);
    case 'CompetenceHubEstablished':
      return tr.bilingual(data.name);
    default:
      return '';
  }
};

const renderFeed = () => {
  const { tr } = state;
  const status = byId('feed-status');
  status.dataset.state = state.feedStatus;
  status.textContent =
    state.feedStatus === 'live'
      ? tr.t('feedLive')
      : state.feedStatus === 'offline'
        ? tr.t('feedOffline')
        : '';
  byId('feed').replaceChildren(
    ...state.feedEvents.map((event) => {
      const region = regionOfEvent(event);
      const detail = feedDetail(event);
      return h(
        'li',
        {
          className: 'feed__item',
          'data-event-id': event.eventId,
          'data-event-type': event.type,
          'data-stream-id': event.streamId,
        },
        h('time', { datetime: event.occurredAt }, tr.moment(event.occurredAt)),
        h('strong', { className: 'feed__type' }, tr.eventType(event.type)),
        region ? h('span', { className: 'feed__region' }, tr.region(region)) : null,
        detail ? h('span', { className: 'feed__detail' }, detail) : null,
      );
    }),
  );
  byId('feed-note').textContent =
    state.feedStatus === 'restricted'
      ? tr.t('feedRestricted')
      : state.feedEvents.length === 0
        ? tr.t('feedEmpty')
        : '';
};

/** How a value of a decision's grounds reads: an amount, a date, a score with its decimals, a count. */
const groundsValue = (name, value) => {
  const { tr } = state;
  if (name === 'threshold') return tr.money(value);
  if (name === 'until') return tr.day(value);
  if (name === 'weightedAverage') return tr.decimal(value);
  return typeof value === 'number' ? tr.number(value) : String(value);
};

/**
 * Why an action was taken: a reason in both languages, a code (a condition, a trigger, a refusal)
 * in words, or a decision's grounds (its rank, its counts) phrased with their figures; "—" when the
 * event records none.
 */
const auditWhy = (why) => {
  const { tr } = state;
  if (why === null || why === undefined) return '—';
  if (typeof why === 'string') return tr.reason(why);
  if ('code' in why) {
    const values = Object.fromEntries(
      Object.entries(why.values).map(([name, value]) => [name, groundsValue(name, value)]),
    );
    return tr.reason(why.code, values);
  }
  return tr.bilingual(why);
};

const renderAudit = () => {
  const { tr } = state;
  const audit = state.audit;
  const container = byId('audit');
  if (audit.kind === 'restricted' || audit.kind === 'none') {
    container.replaceChildren(
      h('p', { className: 'panel__note', 'data-testid': 'audit-restricted' }, tr.t('auditRestricted')),
    );
    return;
  }
  if (audit.entries.length === 0) {
    container.replaceChildren(h('p', { className: 'panel__note' }, tr.t('auditEmpty')));
    return;
  }
  const rows = [...audit.entries]
    .reverse()
    .map((entry) =>
      h(
        'tr',
        { 'data-event-type': entry.type },
        h('td', {}, h('time', { datetime: entry.occurredAt }, tr.moment(entry.occurredAt))),
        h('td', {}, tr.eventType(entry.type)),
        h('td', {}, `${tr.role(entry.actor.role)} · `, h('bdi', {}, entry.actor.id)),
        h('td', { 'data-cell': 'why' }, auditWhy(entry.why)),
        h('td', { className: 'mono' }, h('bdi', {}, entry.correlationId.slice(0, 12))),
      ),
    );
  container.replaceChildren(
    h(
      'div',
      { className: 'table-scroll table-scroll--tall' },
      h(
        'table',
        { className: 'audit', 'data-testid': 'audit-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['when', 'action', 'who', 'why', 'correlation'].map((key) =>
              h('th', { scope: 'col' }, tr.t(key)),
            ),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  );
};

const renderAll = () => {
  renderChrome();
  renderKpis();
  renderRegions();
  renderFunnel();
  renderTimeline();
  renderFeed();
  renderAudit();
};

// ---------------------------------------------------------------------------------------------
// Data

let refreshing = false;
let refreshAgain = false;
let refreshTimer = null;

const refreshViews = async () => {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    const { api } = state;
    const region = state.region;
    const [national, funnel] = await Promise.all([
      api.get('/views/national'),
      api.get(`/views/regions/${encodeURIComponent(region)}/funnel`),
    ]);
    state.nationalStatus = national.status;
    if (national.ok) state.national = national.body;
    state.funnelStatus = funnel.status;
    state.funnel = funnel.ok ? funnel.body : null;
    const rolloutId = state.funnel?.standing.rolloutId;
    if (rolloutId) {
      loadLifecycle(rolloutId);
      const path = encodeURIComponent(rolloutId);
      const [ledger, audit] = await Promise.all([
        api.get(`/views/rollouts/${path}/grant-ledger`),
        state.token ? api.get(`/views/audit/rollout/${path}`) : Promise.resolve({ ok: false, status: 401 }),
      ]);
      state.ledger = ledger.ok ? ledger.body : null;
      state.audit = audit.ok
        ? { kind: 'entries', entries: audit.body.entries }
        : audit.status === 404
          ? { kind: 'entries', entries: [] }
          : { kind: 'restricted' };
    } else {
      state.ledger = null;
      state.audit = { kind: 'none' };
    }
    if (region === state.region) {
      state.updatedAt = new Date().toISOString();
      renderKpis();
      renderRegions();
      renderFunnel();
      renderTimeline();
      renderAudit();
    } else {
      refreshAgain = true;
    }
  } finally {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      scheduleRefresh(0);
    }
  }
};

const scheduleRefresh = (delay = VIEWS_DEBOUNCE_MS) => {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshViews().finally(() => scheduleRefresh(VIEWS_REFRESH_MS));
  }, delay);
};

/** Adds a rollout's lifecycle events, each once, in its stream's order. */
const addLifecycle = (rolloutId, events) => {
  const known = state.lifecycle.get(rolloutId) ?? [];
  const ids = new Set(known.map((event) => event.eventId));
  const added = events.filter((event) => LIFECYCLE_TYPES.has(event.type) && !ids.has(event.eventId));
  if (added.length === 0) return;
  state.lifecycle.set(
    rolloutId,
    [...known, ...added].sort((a, b) => a.version - b.version),
  );
};

/**
 * Reads a rollout's own stream once (the feed starts at the end of the history, so the dates of
 * its earlier phases are not in it); the feed brings the later ones.
 */
const loadLifecycle = async (rolloutId) => {
  if (!state.token || state.lifecycleRequested.has(rolloutId)) return;
  const requested = state.lifecycleRequested;
  requested.add(rolloutId);
  const events = [];
  let fromVersion = 1;
  while (fromVersion !== null) {
    const answer = await state.api.get(
      `/streams/${encodeURIComponent(rolloutId)}/events?limit=500&fromVersion=${fromVersion}`,
    );
    if (requested !== state.lifecycleRequested) return;
    if (!answer.ok || answer.body === null) {
      // Restricted or offline: the next refresh of the views asks again.
      requested.delete(rolloutId);
      return;
    }
    events.push(...answer.body.events);
    fromVersion = answer.body.nextVersion ?? null;
  }
  addLifecycle(rolloutId, events);
  renderTimeline();
};

const receiveEvents = (events) => {
  for (const event of events) {
    if (state.seenEventIds.has(event.eventId)) continue;
    state.seenEventIds.add(event.eventId);
    if (LIFECYCLE_TYPES.has(event.type)) addLifecycle(event.data?.rolloutId ?? event.streamId, [event]);
    state.feedEvents.unshift(event);
  }
  state.feedEvents.length = Math.min(state.feedEvents.length, FEED_SHOWN);
  renderFeed();
  renderTimeline();
  scheduleRefresh();
};

const selectRegion = (code) => {
  state.region = code;
  try {
    localStorage.setItem(REGION_KEY, code);
  } catch {
    // Storage disabled: the choice lasts for the page only.
  }
  state.funnel = undefined;
  state.audit = { kind: 'none' };
  renderChrome();
  renderRegions();
  renderFunnel();
  renderTimeline();
  renderAudit();
  scheduleRefresh(0);
};

let feed = null;

/** Says under the access form what is wrong with the token given (null clears it). */
const showTokenProblem = (check) => {
  const { tr } = state;
  const problem = byId('token-problem');
  if (check === null) {
    problem.textContent = '';
    problem.hidden = true;
    return;
  }
  problem.hidden = false;
  problem.textContent =
    check.problem === 'expired'
      ? tr.t('tokenExpired', { date: tr.moment(check.expiredAt) })
      : check.problem === 'parts'
        ? tr.t('tokenParts', { parts: tr.number(check.parts) })
        : check.problem === 'header'
          ? tr.t('tokenHeader')
          : check.problem === 'payload'
            ? tr.t('tokenPayload')
            : tr.t('tokenEmpty');
};

/**
 * Follows the live feed with a token; without one the feed is not asked for at all (it needs a
 * `reader` or ministry token: the public page calls public routes only) and says so.
 */
const connectFeed = () => {
  if (!state.token) {
    feed?.stop();
    feed = null;
    state.feedStatus = 'restricted';
    renderFeed();
    renderTimeline();
    return;
  }
  if (feed) {
    feed.restart();
    return;
  }
  feed = startFeed({
    api: state.api,
    intervalMs: state.config.pollIntervalMs,
    onEvents: receiveEvents,
    onStatus: (status) => {
      if (status === state.feedStatus) return;
      state.feedStatus = status;
      renderFeed();
      renderTimeline();
    },
  });
};

const useToken = (token) => {
  state.token = token || null;
  keepToken(state.token);
  state.feedEvents = [];
  state.seenEventIds = new Set();
  state.lifecycle = new Map();
  state.lifecycleRequested = new Set();
  state.feedStatus = 'connecting';
  renderAll();
  connectFeed();
  scheduleRefresh(0);
};

const start = async () => {
  const [config, translations] = await Promise.all([loadConfig(), loadTranslations()]);
  state.config = config;
  state.translations = translations;
  state.tr = translator(translations, initialLanguage());
  state.token = initialToken(config.token);
  state.api = apiClient(config.apiBaseUrl, () => state.token);
  // A token from the address or the session that is not a usable JWT is dropped, and the access
  // form opens to say why.
  const tokenCheck = state.token ? checkToken(state.token) : { problem: null };
  if (tokenCheck.problem !== null) {
    state.token = null;
    keepToken(null);
  }
  try {
    const remembered = localStorage.getItem(REGION_KEY);
    if (state.tr.regionCodes.includes(remembered)) state.region = remembered;
  } catch {
    // Storage disabled: Fès-Meknès, the first region, is shown.
  }

  byId('language-switch').addEventListener('click', () => {
    const next = LANGUAGES.find((language) => language !== state.tr.language);
    rememberLanguage(next);
    state.tr = translator(state.translations, next);
    renderAll();
  });
  byId('region-select').addEventListener('change', (event) => selectRegion(event.target.value));
  byId('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId('token-input');
    const token = input.value.trim();
    // A token that is not a JWT, or has expired, is not kept: the form says what is wrong with it.
    const check = checkToken(token);
    if (check.problem !== null) {
      showTokenProblem(check);
      input.focus();
      return;
    }
    showTokenProblem(null);
    useToken(token);
    input.value = '';
    byId('access').open = false;
  });
  byId('token-forget').addEventListener('click', () => useToken(null));

  renderAll();
  if (tokenCheck.problem !== null) {
    showTokenProblem(tokenCheck);
    byId('access').open = true;
  }
  document.body.dataset.ready = 'true';
  connectFeed();
  scheduleRefresh(0);
};

start();

/**
 * The browsable API reference served at `GET /docs`: one self-contained page (no CDN, no build)
 * whose script fetches `/openapi.json` and lists every operation with its roles, parameters,
 * request body, answers and schemas.
 */
export const docsPage = (title: string): string => `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title.replace(/[<>&"]/g, '')}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #1d2430; background: #f7f7f5; }
  header { background: #14532d; color: #fff; padding: 1rem 2rem; }
  main { max-width: 70rem; margin: 0 auto; padding: 1rem 2rem 3rem; }
  nav input { width: 100%; padding: .5rem; font-size: 1rem; margin: 1rem 0; box-sizing: border-box; }
  details { background: #fff; border: 1px solid #d9dcd6; border-radius: 6px; margin: .5rem 0; }
  summary { cursor: pointer; padding: .6rem .8rem; display: flex; gap: .8rem; align-items: baseline; }
  .method { font-weight: 700; font-family: monospace; min-width: 4.5rem; }
  .GET { color: #1d4ed8; } .POST { color: #15803d; } .PUT, .PATCH { color: #b45309; } .DELETE { color: #b91c1c; }
  .path { font-family: monospace; }
  .roles { margin-left: auto; font-size: .85rem; color: #555; }
  .body { padding: 0 1rem 1rem; }
  pre { background: #f2f4f1; padding: .6rem; overflow: auto; font-size: .85rem; }
  table { border-collapse: collapse; } td, th { border-bottom: 1px solid #e5e7e3; padding: .25rem .6rem; text-align: left; }
</style>
</head>
<body>
<header><h1 id="title">${title.replace(/[<>&"]/g, '')}</h1><p id="description"></p></header>
<main>
  <nav><input id="filter" type="search" placeholder="Filter operations (path, id, role)…" aria-label="Filter"></nav>
  <div id="operations">Loading /openapi.json…</div>
</main>
<script>
(async () => {
  const text = (value) => document.createTextNode(String(value));
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children) node.append(typeof child === 'string' ? text(child) : child);
    return node;
  };
  const json = (value) => el('pre', {}, JSON.stringify(value, null, 2));
  const response = await fetch('openapi.json');
  const doc = await response.json();
  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
  document.getElementById('description').textContent = doc.info.description || '';
  const container = document.getElementById('operations');
  container.textContent = '';
  const resolve = (item) => {
    if (item && item.$ref) return item.$ref.split('/').slice(1).reduce((node, key) => node[key], doc);
    return item;
  };
  const items = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const roles = Array.isArray(op['x-naseej-roles']) ? op['x-naseej-roles'].join(', ') : op['x-naseej-roles'];
      const body = el('div', { class: 'body' });
      body.append(el('p', {}, op.summary || ''), el('p', {}, 'operationId: ', el('code', {}, op.operationId)));
      const params = (op.parameters || []).map(resolve);
      if (params.length) {
        const table = el('table', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'in'), el('th', {}, 'required'), el('th', {}, 'description')));
        for (const p of params) table.append(el('tr', {}, el('td', {}, el('code', {}, p.name)), el('td', {}, p.in), el('td', {}, p.required ? 'yes' : 'no'), el('td', {}, p.description || '')));
        body.append(el('h4', {}, 'Parameters'), table);
      }
      if (op.requestBody) body.append(el('h4', {}, 'Request body'), json(op.requestBody.content['application/json'].schema));
      body.append(el('h4', {}, 'Answers'));
      for (const [status, answer] of Object.entries(op.responses)) {
        const content = answer.content && Object.values(answer.content)[0];
        const block = el('details', {}, el('summary', {}, el('span', { class: 'method' }, status), text(answer.description)));
        if (content) block.append(json(resolve(content.schema)));
        body.append(block);
      }
      const item = el('details', {}, el('summary', {}, el('span', { class: 'method ' + method.toUpperCase() }, method.toUpperCase()), el('span', { class: 'path' }, path), el('span', { class: 'roles' }, roles)), body);
      item.dataset.search = (path + ' ' + op.operationId + ' ' + roles + ' ' + (op.summary || '')).toLowerCase();
      items.push(item);
      container.append(item);
    }
  }
  const schemas = el('details', {}, el('summary', {}, el('strong', {}, 'Schemas')), json(doc.components.schemas));
  container.append(schemas);
  document.getElementById('filter').addEventListener('input', (event) => {
    const query = event.target.value.toLowerCase();
    for (const item of items) item.hidden = !item.dataset.search.includes(query);
  });
})().catch((error) => { document.getElementById('operations').textContent = 'Could not load the document: ' + error; });
</script>
</body>
</html>
`;

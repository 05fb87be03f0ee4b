import { expect, pageProblems, screens, test } from './support/casefile';
import { openSeededCase } from './support/slice';
import { callApi } from './support/api';
import { blurFocus, selectInReader } from './support/reader';

const SENTENCE_WITH = 'bags of cash';

test('link a passage to entities created in place, relate them with evidence, follow the graph edge back to the passage', async ({ page, casefile }) => {
  const problems = pageProblems(page);
  const shot = screens(page, 'entities');
  await openSeededCase(page, casefile.url);

  // Tag the sentence, as in the passages spec.
  await selectInReader(page, SENTENCE_WITH);
  await page.keyboard.press('t');
  await page.keyboard.type('Bribery allegation');
  const created = page.waitForResponse((r) => r.url().endsWith('/passages.create'));
  await page.keyboard.press('Enter');
  await created;
  await expect(page.getByTestId('passage-row')).toHaveCount(1);
  const details = page.getByTestId('passage-details');
  await expect(details.getByTestId('entity-links')).toBeVisible();

  // E focuses the entity field; a new name offers "Create", Enter shows the types with a guess (Company for "… Group").
  await blurFocus(page);
  await page.keyboard.press('e');
  const input = details.getByTestId('entity-link-input');
  await expect(input).toBeFocused();
  await page.keyboard.type('NSO Group');
  await expect(page.getByTestId('entity-option-create')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="entity-type-option"][aria-selected="true"]')).toHaveAttribute('data-type', 'Company');
  await shot('create-type');
  const linkedNso = page.waitForResponse((r) => r.url().endsWith('/entities.create'));
  await page.keyboard.press('Enter');
  await linkedNso;
  await expect(details.getByTestId('entity-linked')).toHaveCount(1);
  await expect(details.getByTestId('entity-linked')).toContainText('NSO Group');

  // A second one, a person; then an existing one is found by a lower-case, accent-free prefix and not offered twice.
  await input.fill('Omri Lavie');
  await expect(page.getByTestId('entity-option-create')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="entity-type-option"][aria-selected="true"]')).toHaveAttribute('data-type', 'Person');
  await page.keyboard.press('Enter');
  await expect(details.getByTestId('entity-linked')).toHaveCount(2);
  await input.fill('nso');
  await expect(page.getByTestId('entity-option-create')).toBeVisible();
  await expect(page.getByTestId('entity-option')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await shot('linked-in-panel');

  // Unlink and undo: the chip goes and comes back (entity actions share the case's undo history).
  await details.getByTestId('entity-linked').filter({ hasText: 'NSO Group' }).getByTestId('entity-unlink').click();
  await expect(details.getByTestId('entity-linked')).toHaveCount(1);
  await blurFocus(page);
  await page.keyboard.press('Control+z');
  await expect(details.getByTestId('entity-linked')).toHaveCount(2);

  // The chip opens the profile, with the passage listed under its source.
  await details.getByTestId('entity-linked').filter({ hasText: 'Omri Lavie' }).getByRole('button', { name: 'Omri Lavie', exact: true }).click();
  await expect(page.getByTestId('entities-view')).toBeVisible();
  const profile = page.getByTestId('entity-profile');
  await expect(profile.locator('.profile-name')).toContainText('Omri Lavie');
  await expect(profile.getByTestId('profile-passage')).toHaveCount(1);
  await expect(profile.getByTestId('profile-passage')).toContainText(SENTENCE_WITH);
  // A profile's passages can go straight into a dossier.
  await profile.getByTestId('add-to-dossier').first().click();
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('entity-row')).toHaveCount(2);

  // Omri Lavie —co-founder of→ NSO Group, with that passage as evidence.
  await profile.getByTestId('relationship-add').click();
  await page.getByTestId('relationship-other').fill('NSO');
  await expect(page.getByTestId('entity-option').first()).toContainText('NSO Group');
  await page.keyboard.press('Enter');
  await page.getByTestId('relationship-kind').selectOption('co-founder-of');
  await page.getByTestId('evidence-choice').check();
  await shot('relationship-form');
  await page.getByTestId('relationship-save').click();
  const row = profile.getByTestId('relationship-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('co-founder of');
  await expect(row).toContainText('NSO Group');
  await expect(row.getByTestId('relationship-unsupported')).toHaveCount(0);
  await expect(row.getByTestId('relationship-evidence')).toContainText(SENTENCE_WITH);
  await shot('profile');

  // Undo takes the relationship back out of the profile; redo restores it.
  await blurFocus(page);
  await page.keyboard.press('Control+z');
  await expect(row).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(row).toHaveCount(1);

  // The list: sorting by passages and filtering by type.
  await page.getByTestId('entity-type-filter').selectOption('Company');
  await expect(page.getByTestId('entity-row')).toHaveCount(1);
  await expect(page.getByTestId('entity-row')).toContainText('NSO Group');
  await page.getByTestId('entity-type-filter').selectOption('all');
  await expect(page.getByTestId('entity-row')).toHaveCount(2);

  // The graph: both entities drawn on the canvas; the edge, picked from the list beside it, shows its evidence.
  await page.getByTestId('entities-tab-graph').click();
  const canvas = page.getByTestId('graph-canvas');
  await expect(canvas).toHaveAttribute('data-rendered-nodes', '2');
  await expect(canvas).toHaveAttribute('data-edges', '1');
  await expect(canvas).toHaveAttribute('data-layout', 'done');
  const edge = page.getByTestId('graph-edge');
  await expect(edge).toHaveCount(1);
  await expect(edge).toContainText('co-founder of');
  await edge.click();
  const evidence = page.getByTestId('edge-evidence');
  await expect(evidence.getByTestId('edge-evidence-passage')).toHaveCount(1);
  await expect(evidence.getByTestId('edge-evidence-passage')).toContainText(SENTENCE_WITH);
  await shot('graph');

  // A click on the drawn edge's midpoint selects the same edge on the canvas.
  await evidence.getByRole('button', { name: 'Close' }).click();
  await expect(evidence).toHaveCount(0);
  const box = await canvas.boundingBox();
  const mid = await page.evaluate(() => {
    // The view fits the two nodes' bounding box to the canvas centre, so the edge's midpoint is that centre.
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="graph-canvas"]');
    return c ? { w: c.clientWidth, h: c.clientHeight } : null;
  });
  if (box && mid) await page.mouse.click(box.x + mid.w / 2, box.y + mid.h / 2);
  await expect(page.getByTestId('edge-evidence')).toContainText(SENTENCE_WITH);

  // Following the evidence lands in the reader at the passage.
  await page.getByTestId('edge-evidence-passage').click();
  await expect(page.getByTestId('reader-text')).toBeVisible();
  await expect(page.getByTestId('passage-details')).toContainText(SENTENCE_WITH);
  await expect(page.getByTestId('passage-details').getByTestId('entity-linked')).toHaveCount(2);

  // A date set by hand puts the passage on the timeline.
  await page.getByTestId('passage-set-date').click();
  await page.getByTestId('passage-date').fill('2017-08');
  await page.getByTestId('passage-date-save').click();
  await expect(page.getByTestId('passage-date-form')).toHaveCount(0);

  // Suggestions: grouped by type, each with its sources; a rejected one does not come back.
  await page.getByTestId('view-entities').click();
  await page.getByTestId('entities-tab-suggestions').click();
  const suggestions = page.getByTestId('suggestion-row');
  await expect(suggestions.first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('suggestions-view').locator('[data-suggestion-name="NSO Group"]')).toHaveCount(0);
  await shot('suggestions');
  const first = suggestions.first();
  const name = (await first.getAttribute('data-suggestion-name')) ?? '';
  await first.getByTestId('suggestion-reject').click();
  await expect(page.locator(`[data-testid="suggestion-row"][data-suggestion-name="${name.replace(/"/g, '\\"')}"]`)).toHaveCount(0);

  // Timeline.
  await page.getByTestId('entities-tab-timeline').click();
  await expect(page.getByTestId('timeline-view')).toBeVisible();
  const item = page.getByTestId('timeline-item').filter({ hasText: SENTENCE_WITH });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Aug 2017');
  await expect(item).toContainText('set by hand');
  await shot('timeline');

  // Dark theme: the profile and the graph.
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('entities-tab-list').click();
  await page.getByTestId('entity-row').filter({ hasText: 'Omri Lavie' }).click();
  await expect(page.getByTestId('relationship-row')).toHaveCount(1);
  await shot('profile-dark');
  await page.getByTestId('entities-tab-graph').click();
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-rendered-nodes', '2');
  await page.getByTestId('graph-edge').click();
  await expect(page.getByTestId('edge-evidence-passage')).toBeVisible();
  await shot('graph-dark');
  expect(problems).toEqual([]);
});

const BLACKLISTED = 'blacklisted the NSO Group';

test('edit a relationship: evidence from the reader and from linked passages, the unsupported marker, undo, and a passage deleted meanwhile', async ({ page, casefile }) => {
  const problems = pageProblems(page);
  const shot = screens(page, 'relationship-edit');
  await openSeededCase(page, casefile.url);

  // P1, linked to both entities; then P2, tagged but linked to nobody, stays selected in the reader.
  const tag = async (needle: string, tagName: string) => {
    await selectInReader(page, needle);
    await page.keyboard.press('t');
    await page.keyboard.type(tagName);
    const created = page.waitForResponse((r) => r.url().endsWith('/passages.create'));
    await page.keyboard.press('Enter');
    await created;
  };
  await tag(SENTENCE_WITH, 'Bribery allegation');
  const details = page.getByTestId('passage-details');
  const input = details.getByTestId('entity-link-input');
  for (const name of ['NSO Group', 'Omri Lavie']) {
    await blurFocus(page);
    await page.keyboard.press('e');
    await expect(input).toBeFocused();
    await page.keyboard.type(name);
    await expect(page.getByTestId('entity-option-create')).toBeVisible();
    await page.keyboard.press('Enter');
    const linked = page.waitForResponse((r) => r.url().endsWith('/entities.create'));
    await page.keyboard.press('Enter');
    await linked;
  }
  await expect(details.getByTestId('entity-linked')).toHaveCount(2);
  await blurFocus(page);
  await tag(BLACKLISTED, 'Sanctions');
  await expect(page.getByTestId('passage-row')).toHaveCount(2);
  await expect(details).toContainText(BLACKLISTED);
  const p1 = (await page.getByTestId('passage-row').filter({ hasText: SENTENCE_WITH }).getAttribute('data-passage-id')) ?? '';
  expect(p1).not.toBe('');

  // Omri Lavie —met with→ NSO Group, saved without evidence: marked unsupported.
  await page.getByTestId('view-entities').click();
  await page.getByTestId('entity-row').filter({ hasText: 'Omri Lavie' }).click();
  const profile = page.getByTestId('entity-profile');
  await expect(profile.locator('.profile-name')).toContainText('Omri Lavie');
  await profile.getByTestId('relationship-add').click();
  await page.getByTestId('relationship-other').fill('NSO');
  await expect(page.getByTestId('entity-option').first()).toContainText('NSO Group');
  await page.keyboard.press('Enter');
  await page.getByTestId('relationship-kind').selectOption('met-with');
  const form = page.getByTestId('relationship-form');
  await expect(form.getByTestId('evidence-choice')).toHaveCount(2);
  await expect(form.getByTestId('evidence-status')).toContainText('Unsupported');
  await page.getByTestId('relationship-save').click();
  const row = profile.getByTestId('relationship-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('met with');
  await expect(row.getByTestId('relationship-unsupported')).toBeVisible();
  await expect(profile.getByTestId('relationship-add')).toBeFocused();

  // Edit: the kind has the focus; the reader's passage and the linked one are offered; checking one updates the
  // status at once; kind, detail, dates and description change with it, and Enter saves all that in one step.
  const depth = async () => (await callApi(page, 'history.state', {}).then((r) => (r.ok ? r.value.undoDepth : -1)));
  const before = await depth();
  await row.getByTestId('relationship-edit').click();
  await expect(form).toBeVisible();
  await expect(form.getByTestId('relationship-kind')).toBeFocused();
  await expect(form.getByTestId('evidence-status')).toContainText('Unsupported');
  await expect(form.getByTestId('evidence-reader').getByTestId('evidence-choice')).toHaveCount(1);
  await expect(form.getByTestId('evidence-reader')).toContainText(BLACKLISTED);
  await expect(form.getByTestId('evidence-linked')).toContainText(SENTENCE_WITH);
  await expect(form.getByTestId('evidence-linked')).toContainText('Linked to Omri Lavie or NSO Group');
  await form.getByTestId('evidence-reader').getByTestId('evidence-choice').check();
  await expect(form.getByTestId('evidence-status')).toHaveText('Supported by 1 passage.');
  await form.getByTestId('relationship-kind').selectOption('co-founder-of');
  await form.getByTestId('relationship-label').fill('and first CEO');
  await form.getByTestId('relationship-end').fill('2021-13');
  await form.getByTestId('relationship-description').fill('The blacklisting names the firm he co-founded.');
  await form.getByTestId('relationship-start').fill('2010');
  await shot('form');
  await page.keyboard.press('Enter');
  await expect(form.getByTestId('relationship-problem')).toHaveText('“Until” is not a date: write 2017, 2017-08 or 2017-08-14.');
  await form.getByTestId('relationship-end').fill('');
  await form.getByTestId('relationship-start').press('Enter');
  await expect(form).toHaveCount(0);
  await expect(row.locator('.relationship-kind-label')).toHaveText('co-founder of');
  await expect(row).toContainText('(and first CEO)');
  await expect(row).toContainText('since 2010');
  await expect(row).toContainText('The blacklisting names the firm he co-founded.');
  await expect(row.getByTestId('relationship-unsupported')).toHaveCount(0);
  await expect(row.getByTestId('relationship-evidence')).toHaveCount(1);
  await expect(row.getByTestId('relationship-evidence')).toContainText(BLACKLISTED);
  await expect(row.getByTestId('relationship-edit')).toBeFocused();
  await expect(page.getByTestId('workbench-status')).toContainText('supported by 1 passage now');
  expect(await depth()).toBe(before + 1);
  await shot('saved');

  // Escape cancels without a step in the history.
  await page.keyboard.press('Enter');
  await expect(form).toBeVisible();
  await form.getByTestId('relationship-label').fill('something else');
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);
  await expect(row.locator('.relationship-kind-label')).toHaveText('co-founder of');
  await expect(row).toContainText('(and first CEO)');
  await expect(row.getByTestId('relationship-edit')).toBeFocused();
  expect(await depth()).toBe(before + 1);

  // Remove the only evidence: the row stays in place, struck through, and the status says unsupported before saving.
  await row.getByTestId('relationship-edit').click();
  const current = form.getByTestId('evidence-current').getByTestId('evidence-choice');
  await expect(current).toBeChecked();
  await current.uncheck();
  await expect(form.getByTestId('evidence-current')).toContainText('Will be removed when you save');
  await expect(form.getByTestId('evidence-status')).toContainText('Unsupported');
  await shot('removing');
  await current.press('Enter');
  await expect(form).toHaveCount(0);
  await expect(row.getByTestId('relationship-unsupported')).toBeVisible();
  await expect(row.getByTestId('relationship-evidence')).toHaveCount(0);
  expect(await depth()).toBe(before + 2);

  // Undo brings the evidence back; undo again takes the whole first edit back, in one step.
  await blurFocus(page);
  await page.keyboard.press('Control+z');
  await expect(row.getByTestId('relationship-unsupported')).toHaveCount(0);
  await expect(row.getByTestId('relationship-evidence')).toContainText(BLACKLISTED);
  await page.keyboard.press('Control+z');
  await expect(row.locator('.relationship-kind-label')).toHaveText('met with');
  await expect(row).not.toContainText('since 2010');
  await expect(row.getByTestId('relationship-unsupported')).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(row.locator('.relationship-kind-label')).toHaveText('co-founder of');
  await expect(row).toContainText('(and first CEO)');
  await expect(row.getByTestId('relationship-unsupported')).toHaveCount(0);

  // A passage deleted meanwhile (another window): the save is refused in plain words and the passage is no longer offered.
  await row.getByTestId('relationship-edit').click();
  await form.getByTestId('evidence-linked').getByTestId('evidence-choice').check();
  const deleted = await callApi(page, 'passages.delete', { id: p1 });
  expect(deleted.ok).toBe(true);
  await form.getByTestId('relationship-save').click();
  await expect(form.getByTestId('relationship-problem')).toHaveText(
    'A passage chosen as evidence no longer exists: it was deleted, or its creation undone, meanwhile. Choose another.',
  );
  await expect(form.getByTestId('evidence-linked')).toHaveCount(0);
  await shot('passage-gone');
  await form.getByTestId('relationship-cancel').click();
  await expect(row.getByTestId('relationship-evidence')).toHaveCount(1);

  // From the graph: the selected edge's panel edits the same relationship.
  await page.getByTestId('entities-tab-graph').click();
  await page.getByTestId('graph-edge').click();
  const panel = page.getByTestId('edge-evidence');
  await expect(panel.getByTestId('edge-evidence-passage')).toContainText(BLACKLISTED);
  await expect(panel).toContainText('since 2010');
  await panel.getByTestId('relationship-edit').click();
  await panel.getByTestId('evidence-current').getByTestId('evidence-choice').uncheck();
  await shot('graph-form');
  await panel.getByTestId('relationship-save').click();
  await expect(panel.getByTestId('edge-unsupported')).toBeVisible();
  await expect(panel.getByTestId('edge-evidence-passage')).toHaveCount(0);
  await expect(panel.getByTestId('relationship-edit')).toBeFocused();
  await expect(page.getByTestId('graph-edge')).toHaveClass(/is-unsupported/);
  await shot('graph-unsupported');
  expect(problems).toEqual([]);
});

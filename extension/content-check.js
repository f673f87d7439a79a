// CertScope content script, part 2 of 5: checking. Sends text to the
// background engine (with retries and a time limit) and stores each
// finding on its block, in block offsets.
(() => {
  'use strict';
  const NS = (globalThis.CertScopeContent ??= {});
  if (NS.checkBlocks) return;
  const { api } = globalThis.CertScopeUI;
  const BATCH = 200_000; // units per engine call


  // send messages the background. A service worker that was stopped while
  // answering closes the channel: wake it and try again a few times. An
  // answer that never comes must not hold up every later check (they run
  // one at a time), so each try has a time limit.
  const SEND_TIMEOUT_MS = 20000;
  async function send(msg, tries = 3) {
    for (let i = 1; ; i++) {
      let timer = 0;
      try {
        const late = new Promise((_, no) => {
          timer = setTimeout(() => no(new Error('no answer from the background')), SEND_TIMEOUT_MS);
        });
        return await Promise.race([api.runtime.sendMessage(msg), late]);
      } catch (e) {
        if (i >= tries || !api.runtime?.id) return { error: { code: 'messaging', message: String(e?.message ?? e) } };
        await new Promise((r) => setTimeout(r, 150 * i));
      } finally {
        clearTimeout(timer);
      }
    }
  }

  // checkBlocks has the engine check blocks, joined by "\n" so no sentence
  // crosses a block, and stores each finding on its block in block offsets.
  // It returns false when the check went stale; failed is set when a batch
  // could not be checked for a reason worth retrying (not a panic).
  let failed = false;
  async function checkBlocks(list, current) {
    failed = false;
    for (let i = 0; i < list.length; ) {
      const bs = [];
      let len = 0;
      for (; i < list.length && (bs.length === 0 || len + list[i].text.length < BATCH); i++) {
        bs.push(list[i]);
        len += list[i].text.length + 1;
      }
      if (!(await checkBatch(bs, current))) return false;
    }
    return true;
  }

  // checkBatch checks one batch. If the engine panicked on it, the halves
  // are checked apart, so one block that breaks the engine costs only its
  // own findings (the background restarts the engine after each panic).
  async function checkBatch(bs, current) {
    const batch = [];
    let text = '';
    for (const b of bs) {
      if (text) text += '\n';
      batch.push({ b, at: text.length });
      text += b.text;
    }
    const res = await send({ type: 'check', text, url: location.href });
    if (!current()) return false;
    if (res?.error?.code === 'engine_panic' && bs.length > 1) {
      const mid = bs.length >> 1;
      return (await checkBatch(bs.slice(0, mid), current)) && checkBatch(bs.slice(mid), current);
    }
    if (!res || res.error || !Array.isArray(res.findings)) {
      console.debug('CertScope: check failed', res?.error);
      if (res?.error?.code !== 'engine_panic') failed = true;
      return true;
    }
    // The answer is compact: each card once in res.cards, findings refer
    // to it by index. Claims a register supports come back apart and are
    // drawn with a quiet mark of their own (certscope-verified).
    const cards = Array.isArray(res.cards) ? res.cards : [];
    const verified = (Array.isArray(res.verifications) ? res.verifications : []).map((v) => ({
      ...v,
      verified: true,
      rule: 'registers/verified',
      pack: 'registers',
      severity: 'verified',
    }));
    for (const raw of [...res.findings, ...verified]) {
      const f = raw.verified || !cards[raw.card] ? raw : { ...cards[raw.card], ...raw };
      let lo = 0;
      let hi = batch.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (batch[mid].at <= f.start) lo = mid;
        else hi = mid - 1;
      }
      const { b, at } = batch[lo];
      const clamp = (x) => Math.max(0, Math.min(b.text.length, x - at));
      b.findings.push({ ...f, start: clamp(f.start), end: clamp(f.end), claim: { start: clamp(f.claim?.start ?? f.start), end: clamp(f.claim?.end ?? f.end) } });
    }
    return true;
  }


  NS.send = send;
  NS.checkBlocks = checkBlocks;
  NS.checkFailed = () => failed;
})();

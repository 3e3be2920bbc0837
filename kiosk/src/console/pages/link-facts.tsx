import type { ApiJson } from '../types.ts';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { dateTime } from '../format.ts';
import { Banner, ErrorBanner } from '../ui/common.tsx';

/** Whose one-time link this is and until when (GET /api/auth/enrolment). */
type Facts = ApiJson<'/api/auth/enrolment'>;

type Dead = { reason: 'unknown' | 'used' | 'expired'; at: string | null };

export interface LinkState {
  /** True until the link is known to be dead: the form stays usable while the look-up is under way. */
  open: boolean;
  facts: Facts | null;
  dead: Dead | null;
  error: unknown;
}

/**
 * Whose one-time link this is and until when, asked before registration. `request`, not the console's
 * `api`: a refused link must not end the session of an admin who opens it to check it.
 */
export function useLinkFacts(token: string): LinkState {
  const [state, setState] = useState<LinkState>({ open: true, facts: null, dead: null, error: null });
  useEffect(() => {
    if (!token) return;
    let live = true;
    request<Facts>('/api/auth/enrolment', { headers: { 'x-enrolment-token': token } }).then(
      (facts) => live && setState({ open: true, facts, dead: null, error: null }),
      (err: unknown) => {
        if (!live) return;
        const details = err instanceof ApiError && err.status === 401 ? (err.body.details as Partial<Dead> | null) : null;
        if (details?.reason) setState({ open: false, facts: null, dead: { reason: details.reason, at: details.at ?? null }, error: null });
        else setState({ open: true, facts: null, dead: null, error: err });
      },
    );
    return () => {
      live = false;
    };
  }, [token]);
  return state;
}

const ASK = { ja: '管理者に新しいリンクの発行を依頼してください。', en: 'Ask an admin for a new link.' };

export function LinkFacts({ facts: s }: { facts: LinkState }) {
  if (s.error) return <ErrorBanner error={s.error} />;
  if (s.dead) {
    const at = dateTime(s.dead.at);
    const why =
      s.dead.reason === 'used'
        ? t({ ja: 'このリンクは使用済みです（{at}）。', en: 'This link has already been used ({at}).' }, { at })
        : s.dead.reason === 'expired'
          ? t({ ja: 'このリンクは {at} に有効期限が切れました。', en: 'This link expired on {at}.' }, { at })
          : t({ ja: 'このリンクは無効です。受け取ったリンクをそのまま開いたか確かめてください。', en: 'This link is not valid. Check that you opened it exactly as you received it.' });
    return (
      <Banner kind="error">
        {why}
        {t(ASK)}
      </Banner>
    );
  }
  if (!s.facts) return null;
  return (
    <Banner kind="info">
      {s.facts.name !== null && <strong class="link-owner">{t({ ja: '{name} さん専用のリンクです。', en: 'This link is for {name}.' }, { name: s.facts.name })}</strong>}
      <div>{t({ ja: '有効期限：{at}', en: 'Valid until {at}' }, { at: dateTime(s.facts.expiresAt) })}</div>
      {s.facts.name !== null && <div class="small">{t({ ja: 'ご本人でなければ登録せず、管理者に知らせてください。', en: 'If you are not this person, do not register; tell an admin.' })}</div>}
    </Banner>
  );
}

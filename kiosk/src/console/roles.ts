import type { Msg } from '../shared/i18n.ts';
import type { Role } from './session.ts';
import { ROLE_LABEL } from './messages.ts';

/** What each role lets a person do, in plain words (the server's role checks are the rule; this tells it). */
export const ROLE_CAN: Record<Role, Msg> = {
  admin: {
    ja: '名簿・所属組織・拠点と区域・入室許可・QR名札・受付端末・資産台帳を管理し、人にパスキー登録のリンクを発行できます。承認や確認印は含みません（警備員・受付や業務責任者の役割で行います）。',
    en: 'Keep the roster, organisations, sites and areas, authorizations, QR badges, kiosks and the asset registry, and send people their passkey links. Approving and signing off are not part of it: they come with the guard or supervisor role.',
  },
  supervisor: {
    ja: '持込・持出と廃棄の申請を承認・却下し、入退室管理簿と持込・持出管理簿にパスキーで確認印を押せます。インシデント・月次報告・研修・勤務予定も扱えます。',
    en: 'Approve or reject carry-in, carry-out and disposal requests, and sign off the daily entry/exit and carry-in/out ledgers with a passkey. Also incidents, the monthly report, training and schedules.',
  },
  guard: {
    ja: '在室状況を確認し、来訪者を受け付け、端末を使えない人の入退室を記録できます。持込の申請を承認・却下できます（持出は業務責任者）。',
    en: 'See who is inside, register visitors, record an entry or exit for someone who cannot use the kiosk, and approve or reject carry-in requests (carry-out is for a supervisor).',
  },
  worker: {
    ja: '受付端末で入退室し、機器・媒体の持込・持出や廃棄を申請し、自分が持っている資産を確認できます。',
    en: 'Enter and leave at the kiosk, request carrying equipment and media in or out or their disposal, and see the assets you hold.',
  },
  auditor: {
    ja: 'すべての記録を閲覧・出力し、記録が改ざんされていないことを確かめられます。変更はできません。',
    en: 'Read and export every record and check that nothing was altered. You cannot change anything.',
  },
  city: {
    ja: '委託元（甲）の担当者として、担当する拠点の持込・持出・廃棄などの申請に甲の許可を与え、提出された書類の受領を確認できます。他の役割と兼ねることはできず、担当外の拠点は見えません。',
    en: "As the city's own staff, give the city's permission for carry-in, carry-out, disposal and the like at the sites you are responsible for, and acknowledge the documents submitted to you. This role is held alone and sees no other site.",
  },
};

/**
 * Why an action is out of reach and who could take it, e.g. 「承認には警備員・受付または業務責任者の役割が必要です」.
 * `doing` names the action as a noun: { ja: '承認', en: 'Approving' }.
 */
export function needsRole(doing: Msg, roles: Role[]): Msg {
  return {
    ja: `${doing.ja}には${roles.map((r) => ROLE_LABEL[r].ja).join('または')}の役割が必要です`,
    en: `${doing.en} needs the ${roles.map((r) => ROLE_LABEL[r].en.toLowerCase()).join(' or ')} role`,
  };
}

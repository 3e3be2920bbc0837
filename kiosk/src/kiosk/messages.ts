import type { Msg } from '../shared/i18n.ts';

/** The version of the privacy notice the kiosk shows (E8); change it whenever the wording changes. */
export const NOTICE_VERSION = 'kiosk-notice-2026-11';

/** Every string the door tablet shows, in Japanese and English. */
export const M = {
  title: { ja: '入退室受付', en: 'Entry and exit' },
  langToggle: { ja: 'English', en: '日本語' },
  langToggleLabel: { ja: '表示言語を英語に切り替える', en: 'Switch the display to Japanese' },

  // Enrolment
  enrolHeading: { ja: 'この端末の登録', en: 'Enrol this tablet' },
  enrolIntro: {
    ja: '管理者から受け取った登録コード（10文字）を入力してください。大文字・小文字、ハイフンや空白の有無は問いません。',
    en: 'Type the enrolment code (10 characters) an administrator gave you. Upper or lower case, with or without the dash or spaces.',
  },
  enrolCodeLabel: { ja: '登録コード', en: 'Enrolment code' },
  enrolSubmit: { ja: '登録する', en: 'Enrol' },
  enrolBusy: { ja: '登録しています…', en: 'Enrolling…' },
  enrolTooShort: { ja: '登録コードは10文字です（いま{n}文字）。', en: 'The code has 10 characters (you typed {n}).' },
  enrolRefused: {
    ja: 'このコードは無効か、使用済みか、期限切れ（発行から1時間）です。管理者に新しいコードを依頼してください。',
    en: 'This code is unknown, already used or expired (codes last one hour). Ask an administrator for a new one.',
  },
  revoked: {
    ja: 'この端末の登録は取り消されたか、無効になりました。管理者に新しい登録コードを依頼してください。',
    en: 'This tablet’s enrolment was revoked or is no longer valid. Ask an administrator for a new enrolment code.',
  },
  noAreas: { ja: 'この端末に受付区域が設定されていません。管理者に連絡してください。', en: 'No area is set up for this tablet. Contact an administrator.' },
  chooseAreaHeading: { ja: 'この端末で受け付ける区域', en: 'Area served by this tablet' },
  chooseAreaIntro: { ja: '扉の区域を選んでください。選択はこの端末に記憶されます。', en: 'Choose the area behind this door. The choice is remembered on this tablet.' },

  // Idle
  enter: { ja: '入室', en: 'Enter' },
  exit: { ja: '退室', en: 'Exit' },
  enterHint: { ja: 'Enter', en: '入室' },
  exitHint: { ja: 'Exit', en: '退室' },
  pending: { ja: '未送信 {n}件：この端末に保存した記録を、接続が戻りしだい送信します', en: '{n} pending: records kept on this tablet will be sent when the server is reachable' },
  pendingAge: { ja: '最も古い未送信の記録：{age}（{at}）', en: 'Oldest pending record: {age} ({at})' },
  ageUnderMinute: { ja: '1分未満', en: 'under a minute' },
  ageMinutes: { ja: '{n}分前', en: '{n} min ago' },
  ageHours: { ja: '{n}時間前', en: '{n} h ago' },
  ageDays: { ja: '{n}日前', en: '{n} days ago' },
  pendingStale: {
    ja: '24時間以上送信できていない記録があります。サーバーへの接続を管理者に確認してもらってください。7日を過ぎた記録はサーバーに受け付けられません。',
    en: 'Some records have not been sent for over 24 hours. Ask an administrator to check the connection to the server. Records older than 7 days are not accepted by the server.',
  },
  queueNearlyFull: {
    ja: '未送信の記録が上限（{limit}件）に近づいています。上限に達すると、この端末では記録できなくなります。管理者に連絡してください。',
    en: 'Pending records are close to the limit ({limit}). At the limit this tablet cannot record any more. Contact an administrator.',
  },
  queueAtLimit: {
    ja: '未送信の記録が上限（{limit}件）に達しました。この端末では記録できません。入退室は警備員を呼んでください。',
    en: 'Pending records have reached the limit ({limit}). This tablet cannot record any more: call a guard to enter or leave.',
  },
  rejected: { ja: '送信できなかった記録 {n}件：管理者に連絡してください', en: '{n} records could not be sent: contact an administrator' },
  serverUnreachable: {
    ja: 'サーバーに接続できません。名札での記録はこの端末に保存し、後で送信します。',
    en: 'The server cannot be reached. Badge records are kept on this tablet and sent later.',
  },
  privacy: {
    ja: '個人情報の取扱い：管理区域の安全管理と監査のため、氏名・所属・入退室の日時と目的を記録します。記録は契約と法令に従って管理し、それ以外の目的には使いません。',
    en: 'Personal data: to keep this managed area secure and auditable, your name, affiliation, the time of entry or exit and its purpose are recorded. Records are kept under the contract and the law and are not used for anything else.',
  },
  noticeVersion: { ja: '通知版 {v}', en: 'Notice {v}' },

  // Identify
  identifyIn: { ja: '入室：本人確認', en: 'Enter: identify yourself' },
  identifyOut: { ja: '退室：本人確認', en: 'Exit: identify yourself' },
  cameraGuide: { ja: '名札のQRコードを枠の中に映してください', en: 'Hold your badge’s QR code inside the frame' },
  cameraStarting: { ja: 'カメラを起動しています…', en: 'Starting the camera…' },
  cameraDenied: { ja: 'カメラの使用が許可されていません。', en: 'The camera is not allowed on this tablet.' },
  cameraMissing: { ja: 'カメラが見つかりません。', en: 'No camera was found.' },
  cameraFailed: { ja: 'カメラを起動できませんでした。', en: 'The camera could not be started.' },
  cameraFallback: {
    ja: '名札リーダー（バーコードリーダー）か、セキュリティキーを使ってください。',
    en: 'Use the badge reader (barcode scanner) or a security key instead.',
  },
  wedgeHint: { ja: '名札リーダーで読み取ることもできます。', en: 'You can also scan your badge with the badge reader.' },
  passkeyButton: { ja: 'セキュリティキーで確認', en: 'Use a security key' },
  passkeyHint: { ja: 'キーを差し込むか、かざしてください。', en: 'Insert or tap your key.' },
  passkeyWaiting: { ja: 'セキュリティキーに触れてください…', en: 'Touch your security key…' },
  passkeyCancelled: { ja: 'セキュリティキーの確認が取り消されたか、時間切れです。もう一度試してください。', en: 'The security key check was cancelled or timed out. Try again.' },
  passkeyFailed: { ja: 'セキュリティキーで確認できませんでした。', en: 'The security key check did not work.' },
  passkeyOffline: {
    ja: 'サーバーに接続できないため、セキュリティキーは使えません。名札を使うか、警備員を呼んでください。',
    en: 'The server cannot be reached, so security keys cannot be used. Use your badge or call a guard.',
  },
  passkeyOfflineShort: { ja: 'オフライン中は使えません', en: 'Not available offline' },
  noMethods: { ja: 'この区域では、端末で本人確認できません。警備員を呼んでください。', en: 'This area does not accept identification at the tablet. Please call a guard.' },
  callGuard: { ja: '警備員を呼ぶ', en: 'Call a guard' },
  back: { ja: '戻る', en: 'Back' },
  cancel: { ja: 'やめる', en: 'Cancel' },

  // Guard
  guardHeading: { ja: '警備員が対応します', en: 'A guard will help you' },
  guardBody: {
    ja: 'このままお待ちください。近くの警備員・受付に声をかけるか、備え付けの電話で受付に連絡してください。警備員があなたの入退室を記録します。',
    en: 'Please wait here. Speak to the nearest guard or the reception desk, or call reception on the phone by the door. A guard will record your entry or exit.',
  },
  guardNoEntry: { ja: '確認が済むまで入室しないでください。', en: 'Please do not enter until this is sorted out.' },

  // Whose badge (issue 17): read before anything is asked
  checkingBadge: { ja: '名札を確認しています…', en: 'Checking your badge…' },
  badgeHolder: { ja: '名札で確認しました', en: 'Identified by badge' },
  badgeUnchecked: {
    ja: 'サーバーに接続できないため、名札はまだ確認できていません。記録はこの端末に保存し、接続が戻ってから確認します。',
    en: 'The server cannot be reached, so your badge has not been checked yet. The record is kept on this tablet and checked when the server is back.',
  },
  whichWay: { ja: '入室ですか、退室ですか', en: 'Are you entering or leaving?' },

  // Purpose
  purposeHeading: { ja: '入室の目的を選んでください', en: 'Choose the purpose of your entry' },
  purposeOther: { ja: 'その他の目的（自由記述）', en: 'Other purpose (free text)' },
  purposeSubmit: { ja: 'この目的で入室', en: 'Enter with this purpose' },
  purposeRequired: { ja: '目的を選ぶか、入力してください。', en: 'Choose or type a purpose.' },

  // Submit and results
  recording: { ja: '記録しています…', en: 'Recording…' },
  acceptedIn: { ja: '入室を記録しました', en: 'Entry recorded' },
  acceptedOut: { ja: '退室を記録しました', en: 'Exit recorded' },
  dirIn: { ja: '入室', en: 'Entry' },
  dirOut: { ja: '退室', en: 'Exit' },
  refusedIn: { ja: '入室できません', en: 'Entry refused' },
  refusedOut: { ja: '退室を受け付けられません', en: 'Exit not accepted' },
  refusalLogged: { ja: 'この試みは記録されました。', en: 'This attempt has been recorded.' },
  whatToDo: { ja: 'どうすればよいか', en: 'What to do' },
  offlineHeading: { ja: 'この端末に記録しました', en: 'Recorded on this tablet' },
  offlineBody: {
    ja: 'サーバーに接続できないため、この端末に保存しました。まだ確定していません。接続が戻りしだい自動で送信します。',
    en: 'The server cannot be reached, so this was kept on this tablet. It is not confirmed yet; it will be sent automatically when the server is back.',
  },
  offlineFailed: {
    ja: 'サーバーに接続できず、この端末にも保存できませんでした。警備員を呼んでください。',
    en: 'The server cannot be reached and this tablet could not keep the record either. Please call a guard.',
  },
  queueFull: {
    ja: 'サーバーに接続できず、この端末に保存できる記録も上限に達しています。この記録は保存されていません。警備員を呼んでください。',
    en: 'The server cannot be reached and this tablet holds as many records as it can. This one was not kept. Please call a guard.',
  },
  failedHeading: { ja: '記録できませんでした', en: 'Could not record' },
  failedBody: { ja: 'もう一度試すか、警備員を呼んでください。', en: 'Try again, or call a guard.' },
  tapToFinish: { ja: '画面に触れると最初に戻ります', en: 'Touch the screen to return' },
  ok: { ja: 'OK', en: 'OK' },
} satisfies Record<string, Msg>;

/** A refusal in plain words and what the person should do next, for every REFUSAL_REASON. */
export const REFUSALS: Record<string, { why: Msg; todo: Msg }> = {
  not_on_roster: {
    why: { ja: '名簿に登録されていない方です。', en: 'You are not on the roster.' },
    todo: { ja: '受付・警備員に声をかけてください。', en: 'Speak to reception or a guard.' },
  },
  suspended: {
    why: { ja: 'あなたの入室資格は現在停止されています。', en: 'Your access is currently suspended.' },
    todo: { ja: '業務責任者に確認してください。', en: 'Check with your supervisor.' },
  },
  offboarded: {
    why: { ja: '名簿上、この業務から離任しています。', en: 'The roster shows you have left this work.' },
    todo: { ja: '受付・警備員に声をかけてください。', en: 'Speak to reception or a guard.' },
  },
  not_yet_valid: {
    why: { ja: '名簿上の有効期間がまだ始まっていません。', en: 'Your roster entry is not valid yet.' },
    todo: { ja: '業務責任者に確認してください。', en: 'Check with your supervisor.' },
  },
  expired: {
    why: { ja: '名簿上の有効期間が終了しています。', en: 'Your roster entry has expired.' },
    todo: { ja: '業務責任者に確認してください。', en: 'Check with your supervisor.' },
  },
  not_authorized: {
    why: { ja: 'この区域への入室は許可されていません（許可がないか、許可の期間外です）。', en: 'You are not authorized for this area (no authorization, or outside its dates).' },
    todo: { ja: '入室が必要なら、業務責任者に許可を依頼してください。', en: 'If you need to enter, ask your supervisor for an authorization.' },
  },
  badge_revoked: {
    why: { ja: 'この名札は無効です（紛失届・再発行などで取り消されました）。', en: 'This badge is no longer valid (reported lost or replaced).' },
    todo: { ja: '新しい名札を使うか、受付で確認してください。', en: 'Use your new badge, or ask at reception.' },
  },
  badge_forged: {
    why: { ja: '読み取ったコードは、正しい名札として確認できませんでした。', en: 'The code that was read is not a valid badge.' },
    todo: { ja: '名札をもう一度読み取るか、警備員に名札を見せてください。', en: 'Scan your badge again, or show it to a guard.' },
  },
  passkey_not_verified: {
    why: { ja: 'セキュリティキーを確認できませんでした（未登録か、無効なキーです）。', en: 'Your security key could not be verified (not registered, or no longer valid).' },
    todo: { ja: 'もう一度試すか、警備員を呼んでください。', en: 'Try again, or call a guard.' },
  },
  method_not_accepted: {
    why: { ja: 'この区域では、この確認方法は使えません。', en: 'This area does not accept this way of identifying.' },
    todo: { ja: 'この区域で使える方法（セキュリティキーなど）で確認してください。', en: 'Identify with a method this area accepts (such as a security key).' },
  },
  out_of_sequence: {
    why: { ja: '入退室の順序が記録と合いません（入室中の再入室、または入室記録のない退室）。', en: 'This does not match the record (entering while already inside, or leaving without an entry).' },
    todo: { ja: '警備員に記録を確認してもらってください。', en: 'Ask a guard to check the record.' },
  },
  visitor_signed_out: {
    why: { ja: 'この来訪者の受付はすでに終了しています。', en: 'This visitor has already signed out.' },
    todo: { ja: '受付で改めて受付してください。', en: 'Register again at reception.' },
  },
  training_missing: {
    why: { ja: 'この区域に必要なセキュリティ研修の記録がありません（未受講、または有効期限切れ）。', en: 'This area requires security training you have no current record of (not taken, or lapsed).' },
    todo: { ja: '業務責任者に研修の受講を相談してください。', en: 'Ask your supervisor about taking the training.' },
  },
  throttled: {
    why: { ja: '確認できない読み取りが続いたため、しばらく受け付けません。', en: 'After several scans that could not be accepted, this is paused for a while.' },
    todo: { ja: '少し待ってからもう一度試すか、警備員を呼んでください。', en: 'Wait a little and try again, or call a guard.' },
  },
  late_record: {
    why: { ja: 'この記録は受付端末に7日を超えて保留されていたため、入退室として受け付けられません。', en: 'This record was kept on the kiosk for more than 7 days and cannot be accepted as an entry or exit.' },
    todo: { ja: '警備員または業務責任者に、紙の記録からの事後記録を依頼してください。', en: 'Ask a guard or supervisor to enter it from the paper record.' },
  },
  kiosk_revoked: {
    why: { ja: 'この受付端末は登録を取り消されたため、入退室として受け付けられません。', en: 'This kiosk was revoked, so the record cannot be accepted as an entry or exit.' },
    todo: { ja: '警備員または業務責任者に、紙の記録からの事後記録を依頼してください。', en: 'Ask a guard or supervisor to enter it from the paper record.' },
  },
};

export const UNKNOWN_REFUSAL = {
  why: { ja: '記録の条件を満たしていません。', en: 'The record could not be accepted.' },
  todo: { ja: '警備員を呼んでください。', en: 'Please call a guard.' },
};

/** Warnings the server returns with an accepted event (B6 last person out, B9 two-person areas). */
export const WARNINGS = {
  lastOutEmpty: {
    ja: '最後の退室者です。施錠・消灯・機器の状態を確認してください。',
    en: 'You are the last person out. Check that the area is locked, the lights are off and equipment is secured.',
  },
  lastOutOneLeft: {
    ja: '室内に作業者が1人だけ残ります。その方が最後に施錠を確認するよう伝えてください。',
    en: 'One person remains alone inside. Make sure they know they must close the area when they leave.',
  },
  alone: {
    ja: 'この区域は2人以上での作業が必要です。いま室内は1人です。もう1人が来るまで作業を始めないでください。',
    en: 'This area requires at least two people, and only one is inside now. Do not start work until a second person arrives.',
  },
  alreadyInside: {
    ja: 'すでに入室中として記録されていました。誤りの場合は警備員に伝えてください。',
    en: 'You were already recorded as inside. If that is wrong, tell a guard.',
  },
  notInside: {
    ja: '入室の記録がありませんでした。誤りの場合は警備員に伝えてください。',
    en: 'There was no entry on record for you. If that is wrong, tell a guard.',
  },
} satisfies Record<string, Msg>;

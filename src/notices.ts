/**
 * The privacy notices shown where personal data is collected (E8, 個人情報の保護に関する法律):
 * why it is collected, what is kept, who may read it. The server owns the wording and its version;
 * the web UI shows what /api/info returns, and each record collected notes the version that applied.
 * Change the version whenever the wording changes.
 */
export const NOTICES = {
  enrolment: {
    version: 'enrolment-notice-2026-11',
    ja: '登録する氏名・所属・役割は、管理区域への入退室と機器の持込・持出を記録し、委託元の市へ報告するためだけに使います。パスキーの秘密鍵はお使いの認証器から出ず、サーバには公開鍵だけが保存されます。',
    en: 'Your name, affiliation and roles are used only to record entry to managed areas and the movement of equipment, and to report them to the city. Your passkey’s private key never leaves your authenticator; the server keeps only its public key.',
  },
  kiosk: {
    version: 'kiosk-notice-2026-11',
    ja: '入退室の日時・目的・本人確認の方法を、入退室管理簿として記録します（委託元の市の情報セキュリティ要件による）。記録は契約終了時に市へ引き渡し、消去します。',
    en: 'The time, purpose and method of identification of each entry and exit are recorded in the entry/exit ledger, as the city’s security requirements demand. Records are handed to the city and erased at the end of the contract.',
  },
  visitor: {
    version: 'visitor-notice-2026-11',
    ja: '来訪者の氏名・所属・目的と、確認した身分証の種類（番号は記録しません）を、管理区域への立入記録として保存します。',
    en: 'A visitor’s name, affiliation and purpose, and the type of ID checked (never its number), are kept as the record of their visit to a managed area.',
  },
} as const;

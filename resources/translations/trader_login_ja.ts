<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>CardsTab</name>
    <message>
        <source>Not active yet. The first login with this card activates it; or activate it here, as the Client Portal does.</source>
        <translation>まだ有効化されていません。このカードで初めてログインすると有効になります。クライアント・ポータルと同じく、ここで有効化することもできます。</translation>
    </message>
    <message>
        <source>Active: valid until {moment}. Nothing to activate.</source>
        <translation>有効化済み: {moment} まで有効です。有効化の必要はありません。</translation>
    </message>
    <message>
        <source>Active. Nothing to activate.</source>
        <translation>有効化済みです。有効化の必要はありません。</translation>
    </message>
    <message>
        <source>This card no longer works ({status}).</source>
        <translation>このカードは使用できなくなりました ({status})。</translation>
    </message>
    <message>
        <source>New index values in the login window: {a} and {b}. The earlier ones no longer work.</source>
        <translation>ログイン画面に新しいインデックスが表示されています: {a} と {b}。以前のインデックスは使用できません。</translation>
    </message>
    <message>
        <source>The login window asks for the codes at index values {a} and {b}.</source>
        <translation>ログイン画面でインデックス {a} と {b} のコードが求められています。</translation>
    </message>
    <message>
        <source>The card could not be saved: {why}</source>
        <translation>カードを保存できませんでした: {why}</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>{name} を保存しました。</translation>
    </message>
    <message>
        <source>The card could not be printed: {why}</source>
        <translation>カードを印刷できませんでした: {why}</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>プリンターに送信しました。</translation>
    </message>
    <message>
        <source>Save card as PNG</source>
        <translation>カードをPNGで保存</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG画像 (*.png)</translation>
    </message>
    <message>
        <source>Print card</source>
        <translation>カードを印刷</translation>
    </message>
    <message>
        <source>Those are not the codes at index values {a} and {b} of this card. Try again.</source>
        <translation>このカードのインデックス {a} と {b} のコードと一致しません。もう一度入力してください。</translation>
    </message>
    <message>
        <source>This card&apos;s owner is not known: open it from the device list.</source>
        <translation>このカードの所有者が不明です。デバイス一覧から開いてください。</translation>
    </message>
    <message>
        <source>Activating…</source>
        <translation>有効化しています…</translation>
    </message>
    <message>
        <source>The card is active: valid for 21 days from now.</source>
        <translation>カードが有効になりました。今から21日間有効です。</translation>
    </message>
    <message>
        <source>The activation failed.</source>
        <translation>有効化に失敗しました。</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>印刷(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Save as PNG…</source>
        <translation>PNGで保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Code at &amp;index</source>
        <translation>インデックスのコード(&amp;I)</translation>
    </message>
    <message>
        <source>Activate this Online Security Code Card</source>
        <translation>このオンライン・セキュリティー・コード・カードを有効化</translation>
    </message>
    <message>
        <source>Enter the codes at index values {a} and {b}. The card is then valid for 21 days.</source>
        <translation>インデックス {a} と {b} のコードを入力してください。入力後、カードは21日間有効になります。</translation>
    </message>
    <message>
        <source>Code at {a}:</source>
        <translation>{a} のコード:</translation>
    </message>
    <message>
        <source>Code at {b}:</source>
        <translation>{b} のコード:</translation>
    </message>
    <message>
        <source>&amp;Activate</source>
        <translation>有効化(&amp;A)</translation>
    </message>
    <message>
        <source>The card&apos;s grid of codes</source>
        <translation>カードのコード表</translation>
    </message>
</context>
<context>
    <name>ClientServicesTab</name>
    <message>
        <source>Failed attempts: {n}</source>
        <translation>失敗回数: {n}</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>{time} までロック中</translation>
    </message>
    <message>
        <source>temporary passcode in use</source>
        <translation>一時パスコード使用中</translation>
    </message>
    <message>
        <source>Issued by the demo set-up. Not issued again until the device is reactivated.</source>
        <translation>デモの初期設定で発行済みです。デバイスを再有効化するまで再発行されません。</translation>
    </message>
    <message>
        <source>{user} is still locked: the desk could not unlock it.</source>
        <translation>{user} はロックされたままです。窓口でロックを解除できませんでした。</translation>
    </message>
    <message>
        <source>{user} unlocked at {moment}.</source>
        <translation>{user} のロックを {moment} に解除しました。</translation>
    </message>
    <message>
        <source>{kind} {id} ({status})</source>
        <translation>{kind} {id} ({status})</translation>
    </message>
    <message>
        <source>Temporary passcode for {user}: tell it to the trader by telephone.</source>
        <translation>{user} の一時パスコードです。トレーダーに電話で伝えてください。</translation>
    </message>
    <message>
        <source>{user}&apos;s device is active again; any temporary passcode and online card ended.</source>
        <translation>{user} のデバイスを再有効化しました。一時パスコードとオンライン・セキュリティー・コード・カードは無効になりました。</translation>
    </message>
    <message>
        <source>Online Security Code Card {serial} issued: see the Cards tab to print and activate it.</source>
        <translation>オンライン・セキュリティー・コード・カード {serial} を発行しました。「カード」タブで印刷・有効化してください。</translation>
    </message>
    <message>
        <source>The desk could not do that ({kind}).</source>
        <translation>窓口でこの操作を実行できませんでした ({kind})。</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>ユーザー名(&amp;U):</translation>
    </message>
    <message>
        <source>Choose or type the trader&apos;s user name</source>
        <translation>トレーダーのユーザー名を選択または入力</translation>
    </message>
    <message>
        <source>Lost or forgotten device</source>
        <translation>デバイスの紛失・置き忘れ</translation>
    </message>
    <message>
        <source>Issue &amp;temporary passcode</source>
        <translation>一時パスコードを発行(&amp;T)</translation>
    </message>
    <message>
        <source>Issue &amp;Online Security Code Card</source>
        <translation>オンライン・セキュリティー・コード・カードを発行(&amp;O)</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>U&amp;nlock user name</source>
        <translation>ユーザー名のロックを解除(&amp;N)</translation>
    </message>
    <message>
        <source>Offered while the user name is locked after too many failed attempts.</source>
        <translation>失敗回数が上限に達してユーザー名がロックされている間に使用できます。</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>デバイス(&amp;V):</translation>
    </message>
    <message>
        <source>&amp;Reactivate device</source>
        <translation>デバイスを再有効化(&amp;R)</translation>
    </message>
    <message>
        <source>The Client Services desk is part of the embedded gateway only.</source>
        <translation>クライアントサービス窓口は組み込みゲートウェイでのみ利用できます。</translation>
    </message>
</context>
<context>
    <name>CredentialsPage</name>
    <message>
        <source>Live trading</source>
        <translation>ライブトレード</translation>
    </message>
    <message>
        <source>Paper trading</source>
        <translation>ペーパートレード</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>ユーザー名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>パスワード(&amp;P)</translation>
    </message>
    <message>
        <source>Caps Lock is on</source>
        <translation>Caps Lock がオンになっています</translation>
    </message>
    <message>
        <source>&amp;Remember user name</source>
        <translation>ユーザー名を保存する(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>Log In</source>
        <translation>ログイン</translation>
    </message>
    <message>
        <source>Restart: no second factor needed while this computer&apos;s grant lasts</source>
        <translation>再起動: このコンピューターの許可が有効な間は二段階認証は不要です</translation>
    </message>
    <message>
        <source>Forgot user name or password?</source>
        <translation>ユーザー名またはパスワードをお忘れですか?</translation>
    </message>
    <message>
        <source>Forgotten user name or password, or a lost device: help is by telephone. Call Client Services; once they have confirmed who you are, they can reset your password or issue a temporary passcode so that you can log in today.</source>
        <translation>ユーザー名やパスワードをお忘れの場合、またはデバイスを紛失された場合のサポートはお電話のみとなります。クライアントサービスにお電話ください。ご本人確認の後、パスワードのリセットまたは一時パスコードの発行により、当日中にログインできるようにいたします。</translation>
    </message>
    <message>
        <source>In this demo, Client Services is the “Client Services” tab of the Device emulators window: it issues temporary passcodes and unlocks user names.</source>
        <translation>このデモでは、クライアントサービスは「デバイスエミュレーター」ウィンドウの「クライアントサービス」タブです。一時パスコードの発行やユーザー名のロック解除を行えます。</translation>
    </message>
    <message>
        <source>Open Client Services (demo)</source>
        <translation>クライアントサービスを開く (デモ)</translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <source>%1 (paper)</source>
        <translation>%1 (ペーパー)</translation>
    </message>
    <message>
        <source>Demo gateway: user names %1; password %2</source>
        <translation>デモゲートウェイ: ユーザー名 %1、パスワード %2</translation>
    </message>
</context>
<context>
    <name>DeviceChoicePage</name>
    <message>
        <source>%1 (%2)</source>
        <comment>device list: the kind, the device&apos;s own name</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Security level %1</source>
        <translation>セキュリティレベル %1</translation>
    </message>
    <message>
        <source>Choose a security device</source>
        <translation>セキュリティデバイスを選択</translation>
    </message>
    <message>
        <source>You have more than one active device. The most secure is listed first.</source>
        <translation>有効なデバイスが複数あります。最もセキュリティの高いデバイスが先頭に表示されます。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>続ける</translation>
    </message>
    <message>
        <source>Security devices</source>
        <translation>セキュリティデバイス</translation>
    </message>
</context>
<context>
    <name>DevicePicker</name>
    <message>
        <source>&amp;Device:</source>
        <translation>デバイス(&amp;D):</translation>
    </message>
    <message>
        <source>Open device file…</source>
        <translation>デバイスファイルを開く…</translation>
    </message>
    <message>
        <source>No device yet: open a device file</source>
        <translation>デバイスなし: デバイスファイルを開いてください</translation>
    </message>
    <message>
        <source>Cannot read {path}: {why}</source>
        <translation>{path} を読み込めません: {why}</translation>
    </message>
    <message>
        <source>{path} holds a {found}, not a {wanted}.</source>
        <translation>{path} は {wanted} ではなく {found} のファイルです。</translation>
    </message>
    <message>
        <source>Open device file</source>
        <translation>デバイスファイルを開く</translation>
    </message>
    <message>
        <source>Device files (*.json);;All files (*)</source>
        <translation>デバイスファイル (*.json);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>DscPlusTab</name>
    <message>
        <source>The device&apos;s state could not be saved: {why}</source>
        <translation>デバイスの状態を保存できませんでした: {why}</translation>
    </message>
    <message>
        <source>New challenge in the login window: {challenge}. The earlier one no longer works.</source>
        <translation>ログイン画面に新しいチャレンジコードが表示されています: {challenge}。以前のコードは使用できません。</translation>
    </message>
    <message>
        <source>Challenge in the login window: {challenge}</source>
        <translation>ログイン画面のチャレンジコード: {challenge}</translation>
    </message>
    <message>
        <source>DSC+</source>
        <translation>DSC+</translation>
    </message>
    <message>
        <source>ON</source>
        <translation>ON</translation>
    </message>
    <message>
        <source>Press button (on / PIN)</source>
        <translation>ボタンを押す (ON / PIN)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>DSC+ display</source>
        <translation>DSC+ ディスプレイ</translation>
    </message>
    <message>
        <source>DSC+ keypad</source>
        <translation>DSC+ キーパッド</translation>
    </message>
    <message>
        <source>Press ON until PIN&gt; shows, type the 4-digit PIN and OK; at CHALLNG&gt; type the 6-digit challenge from the login window and OK. The keyboard works too: digits, Enter, Space.</source>
        <translation>PIN&gt; が表示されるまで ON を押し、4桁のPINを入力して OK を押します。CHALLNG&gt; でログイン画面の6桁のチャレンジコードを入力して OK を押します。キーボードも使えます (数字、Enter、Space)。</translation>
    </message>
</context>
<context>
    <name>Emulators</name>
    <message>
        <source>Online Security Code Card</source>
        <translation>オンライン・セキュリティー・コード・カード</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>セキュリティー・コードカード</translation>
    </message>
    <message>
        <source>Serial {serial}</source>
        <translation>シリアル番号 {serial}</translation>
    </message>
    <message>
        <source>Enter the codes at the two index values the login shows.</source>
        <translation>ログイン画面に表示される2つのインデックスのコードを入力してください。</translation>
    </message>
    <message>
        <source>Keep this card safe. Client Services never asks for its codes.</source>
        <translation>このカードは大切に保管してください。クライアントサービスがコードをお尋ねすることはありません。</translation>
    </message>
    <message>
        <source>No card chosen</source>
        <translation>カードが選択されていません</translation>
    </message>
    <message>
        <source>DSC+</source>
        <translation>DSC+</translation>
    </message>
    <message>
        <source>IB Key</source>
        <translation>IB Key</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>紛失</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>保留中</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>削除済み</translation>
    </message>
    <message>
        <source>{user} — {device} {ident}</source>
        <translation>{user} — {device} {ident}</translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation>一時パスコード</translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>認証アプリ</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>セキュリティキー</translation>
    </message>
</context>
<context>
    <name>EmulatorsWindow</name>
    <message>
        <source>The device files could not be read ({kind}).</source>
        <translation>デバイスファイルを読み込めませんでした ({kind})。</translation>
    </message>
    <message>
        <source>The login of {user} waits for this device.</source>
        <translation>{user} のログインがこのデバイスを待っています。</translation>
    </message>
    <message>
        <source>{title} ●</source>
        <translation>{title} ●</translation>
    </message>
    <message>
        <source>Device emulators</source>
        <translation>デバイスエミュレーター</translation>
    </message>
    <message>
        <source>DSC+</source>
        <translation>DSC+</translation>
    </message>
    <message>
        <source>IB Key phone</source>
        <translation>IB Key 電話</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>カード</translation>
    </message>
    <message>
        <source>Client Services</source>
        <translation>クライアントサービス</translation>
    </message>
    <message>
        <source>Loading the devices…</source>
        <translation>デバイスを読み込んでいます…</translation>
    </message>
    <message>
        <source>Authenticator</source>
        <translation>認証アプリ</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>セキュリティキー</translation>
    </message>
</context>
<context>
    <name>ExistingSessionPage</name>
    <message>
        <source>Already logged in</source>
        <translation>すでにログインしています</translation>
    </message>
    <message>
        <source>This user name is already logged in elsewhere. Log in here and disconnect the other session?</source>
        <translation>このユーザー名は別の場所でログイン中です。ここでログインして、もう一方のセッションを切断しますか?</translation>
    </message>
    <message>
        <source>Log in here</source>
        <translation>ここでログイン</translation>
    </message>
    <message>
        <source>Keep the other session</source>
        <translation>もう一方のセッションを維持</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 時間 %2 分</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>This user name is locked after too many failed attempts. Call Client Services to unlock it.</source>
        <translation>ログインの失敗回数が上限に達したため、このユーザー名はロックされています。ロックの解除はクライアントサービスにお電話ください。</translation>
    </message>
    <message>
        <source>This user name is locked after too many failed attempts, until %1 (%2 from now). Client Services can unlock it sooner.</source>
        <translation>ログインの失敗回数が上限に達したため、このユーザー名は %1 (あと %2) までロックされています。クライアントサービスに連絡すれば、より早く解除できます。</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>無制限</translation>
    </message>
    <message>
        <source>None allowed</source>
        <translation>不可</translation>
    </message>
    <message>
        <source>USD %1</source>
        <translation>USD %1</translation>
    </message>
    <message>
        <source>No withdrawals allowed</source>
        <translation>出金不可</translation>
    </message>
    <message>
        <source>Per day: %1
Per 5 business days: %2</source>
        <translation>1日あたり: %1
5営業日あたり: %2</translation>
    </message>
</context>
<context>
    <name>IbKeyTab</name>
    <message>
        <source>New challenge in the login window: {challenge}. The earlier one no longer works.</source>
        <translation>ログイン画面に新しいチャレンジコードが表示されています: {challenge}。以前のコードは使用できません。</translation>
    </message>
    <message>
        <source>Challenge in the login window: {challenge}</source>
        <translation>ログイン画面のチャレンジコード: {challenge}</translation>
    </message>
    <message numerus="yes">
        <source>%n notification(s) waiting</source>
        <translation>
            <numerusform>%n 件の通知が応答待ちです</numerusform>
        </translation>
    </message>
    <message>
        <source>{time}  Login request for {user}</source>
        <translation>{time}  {user} のログイン要求</translation>
    </message>
    <message>
        <source>Waiting for the notification of {user}&apos;s login…</source>
        <translation>{user} のログインの通知を待っています…</translation>
    </message>
    <message>
        <source>No notification. Log in with an IB Key user to receive one.</source>
        <translation>通知はありません。IB Key のユーザーでログインすると通知が届きます。</translation>
    </message>
    <message>
        <source>User: {user}
{summary}
Sent: {time}</source>
        <translation>ユーザー: {user}
{summary}
送信: {time}</translation>
    </message>
    <message>
        <source>Number {number}</source>
        <translation>番号 {number}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>送信しています…</translation>
    </message>
    <message>
        <source>Approved. The login continues on the desktop by itself.</source>
        <translation>承認しました。デスクトップのログインは自動的に続行されます。</translation>
    </message>
    <message>
        <source>Reported. The login was refused, and the gateway recorded your report.</source>
        <translation>報告しました。ログインは行われず、ゲートウェイに報告が記録されました。</translation>
    </message>
    <message>
        <source>Denied: {number} is not the number the login shows. The login was refused.</source>
        <translation>拒否しました: {number} はログイン画面に表示されている番号ではありません。ログインは行われません。</translation>
    </message>
    <message>
        <source>Denied. The login was refused.</source>
        <translation>拒否しました。ログインは行われません。</translation>
    </message>
    <message>
        <source>The gateway could not be reached ({kind}).</source>
        <translation>ゲートウェイに接続できませんでした ({kind})。</translation>
    </message>
    <message>
        <source>Choose an IB Key device first.</source>
        <translation>先に IB Key デバイスを選択してください。</translation>
    </message>
    <message>
        <source>The challenge is 8 digits, as the login window shows it.</source>
        <translation>チャレンジコードはログイン画面に表示される8桁の数字です。</translation>
    </message>
    <message>
        <source>Type this response into the login window.</source>
        <translation>このレスポンスをログイン画面に入力してください。</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>承認(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>拒否(&amp;D)</translation>
    </message>
    <message>
        <source>This &amp;wasn&apos;t me</source>
        <translation>自分ではない(&amp;W)</translation>
    </message>
    <message>
        <source>Deny this login and report it: you did not try to log in.</source>
        <translation>ログインしようとしていない場合に、このログインを拒否して報告します。</translation>
    </message>
    <message>
        <source>Pick the number the login window shows, then Approve:</source>
        <translation>ログイン画面に表示されている番号を選んでから「承認」を押してください:</translation>
    </message>
    <message>
        <source>Authenticate</source>
        <translation>認証</translation>
    </message>
    <message>
        <source>&amp;Challenge:</source>
        <translation>チャレンジコード(&amp;C):</translation>
    </message>
    <message>
        <source>8 digits from the login window</source>
        <translation>ログイン画面の8桁の数字</translation>
    </message>
    <message>
        <source>&amp;Generate response</source>
        <translation>レスポンスを生成(&amp;G)</translation>
    </message>
    <message>
        <source>Response:</source>
        <translation>レスポンス:</translation>
    </message>
    <message>
        <source>Notifications need a gateway to poll.</source>
        <translation>通知を受け取るには、問い合わせ先のゲートウェイが必要です。</translation>
    </message>
</context>
<context>
    <name>LoginHistoryPanel</name>
    <message>
        <source>First login recorded here</source>
        <translation>記録上、初めてのログインです</translation>
    </message>
    <message>
        <source>an unknown address</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>Last login: %1 from %2, a restart without the second factor</source>
        <translation>前回のログイン: %1、接続元 %2、二段階認証なしの再起動</translation>
    </message>
    <message>
        <source>the password only</source>
        <translation>パスワードのみ</translation>
    </message>
    <message>
        <source>Last login: %1 from %2 with %3</source>
        <translation>前回のログイン: %1、接続元 %2、認証: %3</translation>
    </message>
    <message>
        <source>No failed attempts since then</source>
        <translation>それ以降の失敗はありません</translation>
    </message>
    <message>
        <source>No failed attempts before this login</source>
        <translation>今回のログイン前の失敗はありません</translation>
    </message>
    <message>
        <source>Failed attempts since then: %1</source>
        <translation>それ以降の失敗回数: %1</translation>
    </message>
    <message>
        <source>Failed attempts before this login: %1</source>
        <translation>今回のログイン前の失敗回数: %1</translation>
    </message>
    <message>
        <source>wrong password</source>
        <translation>パスワードの誤り</translation>
    </message>
    <message>
        <source>while locked</source>
        <translation>ロック中の試行</translation>
    </message>
    <message>
        <source>wrong second-factor response</source>
        <translation>二段階認証の応答の誤り</translation>
    </message>
    <message>
        <source>authenticator code used before</source>
        <translation>使用済みの認証アプリのコード</translation>
    </message>
    <message>
        <source>security key check failed</source>
        <translation>セキュリティキーの確認に失敗</translation>
    </message>
    <message>
        <source>notification denied on the phone</source>
        <translation>携帯電話で通知を拒否</translation>
    </message>
    <message>
        <source>wrong number picked on the phone</source>
        <translation>携帯電話で誤った番号を選択</translation>
    </message>
    <message>
        <source>reported on the phone as not yours</source>
        <translation>携帯電話で本人ではないと報告</translation>
    </message>
    <message>
        <source>%1 from %2: %3</source>
        <translation>%1、接続元 %2: %3</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>Gateway: built-in demo</source>
        <translation>ゲートウェイ: 組み込みデモ</translation>
    </message>
    <message>
        <source>The embedded demo gateway, running on this computer</source>
        <translation>このコンピューターで動作している組み込みデモゲートウェイ</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>ピン留め済み</translation>
    </message>
    <message>
        <source>%1: certificate pinned by its SHA-256 fingerprint %2</source>
        <translation>%1: 証明書を SHA-256 フィンガープリント %2 でピン留め済み</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>検証済み</translation>
    </message>
    <message>
        <source>%1: certificate verified against %2</source>
        <translation>%1: 証明書を %2 で検証済み</translation>
    </message>
    <message>
        <source>%1: certificate verified by the system&apos;s certificate authorities</source>
        <translation>%1: 証明書をシステムの認証局で検証済み</translation>
    </message>
    <message>
        <source>Gateway: %1 · %2</source>
        <translation>ゲートウェイ: %1 · %2</translation>
    </message>
    <message>
        <source>Trader Login</source>
        <translation>Trader Login</translation>
    </message>
    <message>
        <source>Secure Login System</source>
        <translation>セキュア・ログイン・システム</translation>
    </message>
    <message>
        <source>Enter read only</source>
        <translation>読み取り専用でログイン</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Device emulators…</source>
        <translation>デバイスエミュレーター…</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>処理中</translation>
    </message>
    <message>
        <source>The demo gateway is still starting; try again in a moment.</source>
        <translation>デモゲートウェイを起動中です。しばらくしてからもう一度お試しください。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>User names are lower case. Is Caps Lock on?</source>
        <translation>ユーザー名は小文字です。Caps Lock がオンになっていませんか?</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>ユーザー名を入力してください。</translation>
    </message>
    <message>
        <source>Invalid user name password combination</source>
        <translation>ユーザー名とパスワードの組み合わせが正しくありません</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>ログインに失敗しました</translation>
    </message>
    <message>
        <source>Caps Lock is on</source>
        <translation>Caps Lock がオンになっています</translation>
    </message>
    <message>
        <source>Login cancelled.</source>
        <translation>ログインをキャンセルしました。</translation>
    </message>
    <message>
        <source>The other session stays logged in.</source>
        <translation>もう一方のセッションはログインしたままです。</translation>
    </message>
    <message>
        <source>This session was disconnected because the user name logged in elsewhere.</source>
        <translation>同じユーザー名で別の場所からログインされたため、このセッションは切断されました。</translation>
    </message>
    <message>
        <source>Choose one of the devices listed.</source>
        <translation>一覧からデバイスを選択してください。</translation>
    </message>
    <message>
        <source>The challenge expired. Here is a new one.</source>
        <translation>チャレンジコードの有効期限が切れたため、新しいコードを表示しました。</translation>
    </message>
    <message>
        <source>The code expired. Ask for a new code.</source>
        <translation>コードの有効期限が切れました。新しいコードをリクエストしてください。</translation>
    </message>
    <message>
        <source>The notification expired. Send a new one, or use challenge/response.</source>
        <translation>通知の有効期限が切れました。新しい通知を送信するか、チャレンジ/レスポンス方式をご利用ください。</translation>
    </message>
    <message>
        <source>The temporary passcode has expired. Please call Client Services.</source>
        <translation>一時パスコードの有効期限が切れました。クライアントサービスにお電話ください。</translation>
    </message>
    <message>
        <source>This login has expired or was already used. Please log in again.</source>
        <translation>このログインは期限切れか、すでに使用されています。もう一度ログインしてください。</translation>
    </message>
    <message>
        <source>This notification has expired or was already answered.</source>
        <translation>この通知は期限切れか、すでに応答済みです。</translation>
    </message>
    <message>
        <source>This session has ended. Please log in again.</source>
        <translation>このセッションは終了しました。もう一度ログインしてください。</translation>
    </message>
    <message>
        <source>The gateway failed to handle this request. Please try again.</source>
        <translation>ゲートウェイでこのリクエストを処理できませんでした。もう一度お試しください。</translation>
    </message>
    <message>
        <source>Logins for this user name are only allowed from the IP addresses set by the account&apos;s primary user.</source>
        <translation>このユーザー名でのログインは、口座のプライマリーユーザーが設定したIPアドレスからのみ許可されています。</translation>
    </message>
    <message>
        <source>No security device is active for this user name. Please call Client Services: they can issue a temporary passcode.</source>
        <translation>このユーザー名には有効なセキュリティデバイスがありません。クライアントサービスにお電話ください。一時パスコードを発行いたします。</translation>
    </message>
    <message>
        <source>This security device can no longer be used for this user name. Please log in again, or call Client Services.</source>
        <translation>このセキュリティデバイスは、このユーザー名では使用できなくなりました。もう一度ログインするか、クライアントサービスにお電話ください。</translation>
    </message>
    <message>
        <source>This temporary passcode now only opens the Client Portal, where you can print an Online Security Code Card.</source>
        <translation>この一時パスコードで利用できるのはクライアント・ポータルのみになりました。ポータルでオンライン・セキュリティー・コード・カードを印刷できます。</translation>
    </message>
    <message>
        <source>No more codes can be sent for this login. Please log in again.</source>
        <translation>このログインではこれ以上コードを送信できません。もう一度ログインしてください。</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1. It is a full-width character: switch the input method to half-width.</source>
        <translation>BAD CHARACTER: ユーザー名に使用できるのは半角の小文字 a-z と数字 0-9 のみです。使用できない文字: %1。全角文字です。入力モードを半角に切り替えてください。</translation>
    </message>
    <message>
        <source>This user name is locked after too many failed login attempts. Try again after %1, or call Client Services.</source>
        <translation>ログインの失敗回数が上限に達したため、このユーザー名はロックされています。%1 以降にもう一度お試しいただくか、クライアントサービスにお電話ください。</translation>
    </message>
    <message>
        <source>This code was used already. Wait for the next code in your authenticator app.</source>
        <translation>このコードはすでに使用されています。認証アプリに次のコードが表示されるまでお待ちください。</translation>
    </message>
    <message>
        <source>The DSC+ response is 8 digits.</source>
        <translation>DSC+ のレスポンスは8桁の数字です。</translation>
    </message>
    <message>
        <source>The IB Key response is 8 digits.</source>
        <translation>IB Key のレスポンスは8桁の数字です。</translation>
    </message>
    <message>
        <source>The security code is 6 digits.</source>
        <translation>セキュリティコードは6桁の数字です。</translation>
    </message>
    <message>
        <source>Enter the two 3-character codes from your card, one after the other.</source>
        <translation>カードの3文字のコード2つを続けて入力してください。</translation>
    </message>
    <message>
        <source>The temporary passcode is upper-case letters and digits.</source>
        <translation>一時パスコードは英大文字と数字です。</translation>
    </message>
    <message>
        <source>This user name is already logged in elsewhere. Log in here and disconnect the other session?</source>
        <translation>このユーザー名は別の場所でログイン中です。ここでログインして、もう一方のセッションを切断しますか?</translation>
    </message>
    <message>
        <source>The gateway&apos;s database is busy or unreachable. Try again in %1 s.</source>
        <translation>ゲートウェイのデータベースが混雑しているか、接続できません。%1 秒後にもう一度お試しください。</translation>
    </message>
    <message>
        <source>The gateway&apos;s certificate does not match the one this client trusts. Nothing was sent. If the gateway was set up again, trust its new certificate; otherwise someone may be intercepting the connection.</source>
        <translation>ゲートウェイの証明書が、このクライアントが信頼する証明書と一致しません。何も送信していません。ゲートウェイを再設定した場合は新しい証明書を信頼してください。そうでない場合は、通信が傍受されているおそれがあります。</translation>
    </message>
    <message>
        <source>The gateway could not prove it knows your password verifier. It may not be the real gateway: nothing more was sent to it.</source>
        <translation>ゲートウェイはパスワード検証子を知っていることを証明できませんでした。本物のゲートウェイではない可能性があるため、これ以上は何も送信していません。</translation>
    </message>
    <message>
        <source>The gateway asked for password hardening outside this client&apos;s safe bounds. Nothing was sent.</source>
        <translation>ゲートウェイが、このクライアントの安全な範囲を超えるパスワード強化設定を要求しました。何も送信していません。</translation>
    </message>
    <message>
        <source>The gateway&apos;s reply is not the SLS protocol (%1). Check that %2 is an SLS gateway and that this client is up to date.</source>
        <translation>ゲートウェイの応答が SLS プロトコルではありません (%1)。%2 が SLS ゲートウェイであること、およびこのクライアントが最新であることを確認してください。</translation>
    </message>
    <message>
        <source>The gateway refused the request as malformed: %1</source>
        <translation>ゲートウェイはリクエストの形式が正しくないとして拒否しました: %1</translation>
    </message>
    <message>
        <source>The gateway could not be started: %1</source>
        <translation>ゲートウェイを起動できませんでした: %1</translation>
    </message>
    <message>
        <source>This request needs the token from the last step as &apos;Authorization: Bearer&apos;.</source>
        <translation>このリクエストには、直前のステップのトークンを &apos;Authorization: Bearer&apos; として付ける必要があります。</translation>
    </message>
    <message>
        <source>There is no such endpoint.</source>
        <translation>そのようなエンドポイントはありません。</translation>
    </message>
    <message>
        <source>This endpoint does not take that method.</source>
        <translation>このエンドポイントはそのメソッドに対応していません。</translation>
    </message>
    <message>
        <source>The request body is over %1 bytes.</source>
        <translation>リクエスト本文が %1 バイトを超えています。</translation>
    </message>
    <message>
        <source>The device request signature is missing, stale or wrong.</source>
        <translation>デバイスリクエストの署名がないか、古いか、正しくありません。</translation>
    </message>
    <message>
        <source>The device signature does not verify.</source>
        <translation>デバイスの署名を検証できません。</translation>
    </message>
    <message>
        <source>This signed device request was already used. Sign each request anew.</source>
        <translation>この署名済みデバイスリクエストはすでに使用されています。リクエストごとに新しく署名してください。</translation>
    </message>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>The gateway&apos;s reply is not the SLS protocol. Nothing more was sent.</source>
        <translation>ゲートウェイの応答が SLS プロトコルではありません。これ以上は何も送信していません。</translation>
    </message>
    <message>
        <source>The login stopped because of an internal error in this client.</source>
        <translation>このクライアントの内部エラーにより、ログインを中止しました。</translation>
    </message>
    <message>
        <source>IB Key</source>
        <translation>IB Key</translation>
    </message>
    <message>
        <source>Login failed: that is not the response of your IB Key app to this challenge. Type the new challenge into the app&apos;s Authenticate screen, then enter the response it shows.</source>
        <translation>ログインに失敗しました: IB Key アプリがこのチャレンジコードに返したレスポンスではありません。新しいチャレンジコードをアプリの「認証」画面に入力し、表示されたレスポンスを入力してください。</translation>
    </message>
    <message>
        <source>Login failed: that response came from your IB Key app on another phone (…%1); this challenge is for your IB Key app …%2. Answer the new challenge with that one.</source>
        <translation>ログインに失敗しました: このレスポンスは別の携帯電話 (…%1) の IB Key アプリのものです。このチャレンジコードは IB Key アプリ …%2 用です。新しいチャレンジコードにはそちらで応答してください。</translation>
    </message>
    <message>
        <source>Digital Security Card+ (DSC+)</source>
        <translation>デジタル・セキュリティー・カード+ (DSC+)</translation>
    </message>
    <message>
        <source>Login failed: that is not the response of your DSC+ (serial …%1) to this challenge. Check the device, then answer the new challenge.</source>
        <translation>ログインに失敗しました: お使いの DSC+ (シリアル番号 …%1) がこのチャレンジコードに返したレスポンスではありません。デバイスを確認してから、新しいチャレンジコードに応答してください。</translation>
    </message>
    <message>
        <source>Login failed: that response came from your other DSC+ (serial …%1); this challenge is for your DSC+ with serial …%2. Answer the new challenge with that one.</source>
        <translation>ログインに失敗しました: このレスポンスはもう一台の DSC+ (シリアル番号 …%1) のものです。このチャレンジコードはシリアル番号 …%2 の DSC+ 用です。新しいチャレンジコードにはそちらで応答してください。</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>セキュリティー・コードカード</translation>
    </message>
    <message>
        <source>Login failed: those are not the codes of your Security Code Card (serial …%1) at the two index values shown. Check the card, then enter the codes at the new index values.</source>
        <translation>ログインに失敗しました: 表示された2つのインデックスに対応する、お使いのセキュリティー・コードカード (シリアル番号 …%1) のコードではありません。カードを確認してから、新しいインデックスのコードを入力してください。</translation>
    </message>
    <message>
        <source>Login failed: those codes came from your Security Code Card (serial …%1); this challenge is for your card with serial …%2. Enter that card&apos;s codes at the new index values.</source>
        <translation>ログインに失敗しました: これらのコードはセキュリティー・コードカード (シリアル番号 …%1) のものです。今回はシリアル番号 …%2 のカードのコードが必要です。そのカードの、新しいインデックスのコードを入力してください。</translation>
    </message>
    <message>
        <source>Online Security Code Card</source>
        <translation>オンライン・セキュリティー・コード・カード</translation>
    </message>
    <message>
        <source>Login failed: those are not the codes of your Online Security Code Card (serial …%1) at the two index values shown. Check the card you printed, then enter the codes at the new index values.</source>
        <translation>ログインに失敗しました: 表示された2つのインデックスに対応する、お使いのオンライン・セキュリティー・コード・カード (シリアル番号 …%1) のコードではありません。印刷したカードを確認してから、新しいインデックスのコードを入力してください。</translation>
    </message>
    <message>
        <source>Login failed: those codes came from your Online Security Code Card (serial …%1); this challenge is for your card with serial …%2. Enter that card&apos;s codes at the new index values.</source>
        <translation>ログインに失敗しました: これらのコードはオンライン・セキュリティー・コード・カード (シリアル番号 …%1) のものです。今回はシリアル番号 …%2 のカードのコードが必要です。そのカードの、新しいインデックスのコードを入力してください。</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Login failed: that is not the code last texted to %1. Check the newest message (a new code voids the earlier ones), then type its code.</source>
        <translation>ログインに失敗しました: %1 に最後に SMS で送信したコードではありません。最新のメッセージを確認し (新しいコードが届くと以前のコードは無効になります)、そのコードを入力してください。</translation>
    </message>
    <message>
        <source>Login failed: that is not the code read out in the last call to %1. Type the code of the latest call, or ask for a new code.</source>
        <translation>ログインに失敗しました: %1 への最後の通話で読み上げたコードではありません。最新の通話のコードを入力するか、新しいコードをリクエストしてください。</translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation>一時パスコード</translation>
    </message>
    <message>
        <source>Login failed: that is not your temporary passcode. Type it exactly as Client Services gave it to you.</source>
        <translation>ログインに失敗しました: お客様の一時パスコードではありません。クライアントサービスから伝えられたとおりに正確に入力してください。</translation>
    </message>
    <message>
        <source>Read only: market data and portfolio; no trading, no withdrawals.</source>
        <translation>読み取り専用: マーケットデータとポートフォリオのみ。取引・出金はできません。</translation>
    </message>
    <message>
        <source>Temporary passcode: withdrawals and changes to your information are restricted.</source>
        <translation>一時パスコード使用中: 出金およびお客様情報の変更は制限されています。</translation>
    </message>
    <message>
        <source>Opted out of the Secure Login System: no Pink Sheet or OTCBB trading.</source>
        <translation>セキュア・ログイン・システムをオプトアウト済み: ピンクシートおよびOTCBB銘柄の取引はできません。</translation>
    </message>
    <message>
        <source>Penny stocks need an IP restriction when only the portal uses two-factor login.</source>
        <translation>ポータルのみ二段階認証を使用する場合、ペニー株の取引にはIP制限が必要です。</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>ログインしています…</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space at the start.</source>
        <translation>BAD CHARACTER: ユーザー名に使用できるのは半角の小文字 a-z と数字 0-9 のみです。先頭にスペースがあります。</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space at the end.</source>
        <translation>BAD CHARACTER: ユーザー名に使用できるのは半角の小文字 a-z と数字 0-9 のみです。末尾にスペースがあります。</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space after &quot;%1&quot;.</source>
        <translation>BAD CHARACTER: ユーザー名に使用できるのは半角の小文字 a-z と数字 0-9 のみです。&quot;%1&quot; の後にスペースがあります。</translation>
    </message>
    <message>
        <source>This is a paper trading user name. Choose &quot;Paper trading&quot; to log in.</source>
        <translation>これはペーパートレード用のユーザー名です。「ペーパートレード」を選択してログインしてください。</translation>
    </message>
    <message>
        <source>This is a live trading user name. Choose &quot;Live trading&quot; to log in; paper trading has its own user name.</source>
        <translation>これはライブトレード用のユーザー名です。「ライブトレード」を選択してログインしてください。ペーパートレードには専用のユーザー名があります。</translation>
    </message>
    <message>
        <source>Login failed: that is the answer to the previous challenge, which a new one replaced. Answer the challenge shown now.</source>
        <translation>ログインに失敗しました: これは新しいチャレンジコードに置き換えられた、以前のチャレンジコードへの応答です。現在表示されているチャレンジコードに応答してください。</translation>
    </message>
    <message>
        <source>This connection to the gateway is closed.</source>
        <translation>ゲートウェイとのこの接続は閉じられています。</translation>
    </message>
    <message>
        <source>Attempts left before this user name is locked for 24 hours: %1.</source>
        <translation>このユーザー名が24時間ロックされるまでの残り試行回数: %1 回。</translation>
    </message>
    <message>
        <source>Stopped before another attempt: %1 failed attempts in a row for this user name from this computer (--max-attempts %2). Check the password and the device, then log in by hand.</source>
        <translation>次の試行の前に停止しました: このコンピューターからこのユーザー名で %1 回続けて失敗しました (--max-attempts %2)。パスワードとデバイスを確認してから、手動でログインしてください。</translation>
    </message>
    <message>
        <source>Login failed: the number picked on your phone was not the number shown here. A new notification was sent: pick the number this page shows.</source>
        <translation>ログインに失敗しました: 携帯電話で選択された番号は、ここに表示されている番号ではありませんでした。新しい通知を送信しました。このページに表示されている番号を選択してください。</translation>
    </message>
    <message>
        <source>Login failed: this login was reported on your phone as not yours. If it was you after all, log in again; if not, change your password and call Client Services.</source>
        <translation>ログインに失敗しました: このログインは携帯電話でご本人によるものではないと報告されました。ご本人によるものだった場合は、もう一度ログインしてください。そうでない場合は、パスワードを変更し、クライアントサービスにお電話ください。</translation>
    </message>
    <message>
        <source>No restart without the second factor: this computer&apos;s restart grant expired at %1 (the weekly cut-off). Log in with your second factor.</source>
        <translation>二段階認証なしの再起動はできません: このコンピューターの再起動の許可は %1 (毎週の期限) に失効しました。二段階認証でログインしてください。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the restart grant was revoked at the desk at %1. Log in with your second factor.</source>
        <translation>二段階認証なしの再起動はできません: 再起動の許可は %1 に窓口で取り消されました。二段階認証でログインしてください。</translation>
    </message>
    <message>
        <source>No restart without the second factor: this computer was forgotten at a logout at %1. Log in with your second factor.</source>
        <translation>二段階認証なしの再起動はできません: %1 のログアウト時にこのコンピューターの登録が解除されました。二段階認証でログインしてください。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the password was changed at %1. Log in with your second factor.</source>
        <translation>二段階認証なしの再起動はできません: %1 にパスワードが変更されました。二段階認証でログインしてください。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the security devices of this user name changed at %1. Log in with your second factor.</source>
        <translation>二段階認証なしの再起動はできません: %1 にこのユーザー名のセキュリティデバイスが変更されました。二段階認証でログインしてください。</translation>
    </message>
    <message>
        <source>No restart without the second factor: another computer was allowed to restart at %1, and only one can be. Log in with your second factor.</source>
        <translation>二段階認証なしの再起動はできません: %1 に別のコンピューターの再起動が許可されました。許可できるのは1台のみです。二段階認証でログインしてください。</translation>
    </message>
    <message>
        <source>No restart without the second factor: this device key is not the one registered for this user name. Log in with your second factor.</source>
        <translation>二段階認証なしの再起動はできません: このデバイスキーは、このユーザー名に登録されているキーではありません。二段階認証でログインしてください。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the gateway has no restart grant for this computer. Log in with your second factor.</source>
        <translation>二段階認証なしの再起動はできません: ゲートウェイにこのコンピューターの再起動の許可がありません。二段階認証でログインしてください。</translation>
    </message>
    <message>
        <source>This computer holds no restart key for %1: log in with your second factor.</source>
        <translation>このコンピューターには %1 の再起動キーがありません。二段階認証でログインしてください。</translation>
    </message>
    <message>
        <source>The restart without the second factor can only be allowed after a full login with a security device, not in a read-only, paper, temporary-passcode or restarted session.</source>
        <translation>二段階認証なしの再起動は、セキュリティデバイスを使った通常のログインの後にのみ許可できます。読み取り専用、ペーパートレード、一時パスコード、再起動で開始したセッションでは許可できません。</translation>
    </message>
    <message>
        <source>This gateway does not allow restarts without the second factor.</source>
        <translation>このゲートウェイでは二段階認証なしの再起動は許可されていません。</translation>
    </message>
    <message>
        <source>This computer&apos;s keychain failed, so its restart without the second factor could not be changed. Try again, or log out with &quot;Forget this computer&quot;.</source>
        <translation>このコンピューターのキーチェーンでエラーが発生したため、二段階認証なしの再起動の設定を変更できませんでした。もう一度お試しいただくか、「このコンピューターの登録を解除」を選んでログアウトしてください。</translation>
    </message>
    <message>
        <source>This computer&apos;s restart key for %1 is damaged or cannot be read from the keychain: log in with your second factor (allowing the restart again makes a new key).</source>
        <translation>このコンピューターの %1 の再起動キーが破損しているか、キーチェーンから読み取れません。二段階認証でログインしてください (再起動を再び許可すると新しいキーが作成されます)。</translation>
    </message>
    <message>
        <source>The attempt log %1 %2: the failed attempts cannot be counted, so nothing was sent. Delete the file to start afresh.</source>
        <translation>試行記録ファイル %1 を使用できません (%2)。失敗した試行を数えられないため、何も送信していません。ファイルを削除してやり直してください。</translation>
    </message>
    <message>
        <source>Logging out…</source>
        <translation>ログアウトしています…</translation>
    </message>
    <message>
        <source>Contacting your device…</source>
        <translation>デバイスと通信しています…</translation>
    </message>
    <message>
        <source>Checking the response…</source>
        <translation>レスポンスを確認しています…</translation>
    </message>
    <message>
        <source>Asking for a challenge…</source>
        <translation>チャレンジコードを要求しています…</translation>
    </message>
    <message>
        <source>Sending a new code…</source>
        <translation>新しいコードを送信しています…</translation>
    </message>
    <message>
        <source>Opening a read-only session…</source>
        <translation>読み取り専用セッションを開いています…</translation>
    </message>
    <message>
        <source>Taking over the session…</source>
        <translation>セッションを引き継いでいます…</translation>
    </message>
    <message>
        <source>Keeping the other session…</source>
        <translation>もう一方のセッションを維持しています…</translation>
    </message>
    <message>
        <source>Restarting without the second factor…</source>
        <translation>二段階認証なしで再起動しています…</translation>
    </message>
    <message>
        <source>Starting the gateway…</source>
        <translation>ゲートウェイを起動しています…</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1.</source>
        <translation>BAD CHARACTER: ユーザー名に使用できるのは半角の小文字 a-z と数字 0-9 のみです。使用できない文字: %1。</translation>
    </message>
    <message>
        <source>The gateway is not running or cannot be reached at %1.</source>
        <translation>ゲートウェイが起動していないか、%1 に接続できません。</translation>
    </message>
    <message>
        <source>The gateway did not answer within %1 s.</source>
        <translation>ゲートウェイから %1 秒以内に応答がありませんでした。</translation>
    </message>
    <message>
        <source>The gateway failed with an internal fault (HTTP %1). Please try again.</source>
        <translation>ゲートウェイで内部エラーが発生しました (HTTP %1)。もう一度お試しください。</translation>
    </message>
    <message>
        <source>Too many login requests from this address. Try again in %1 s.</source>
        <translation>このアドレスからのログイン要求が多すぎます。%1 秒後にもう一度お試しください。</translation>
    </message>
    <message>
        <source>Please wait %1 s before asking for a new code.</source>
        <translation>新しいコードをリクエストするまで %1 秒お待ちください。</translation>
    </message>
    <message>
        <source>Logged out here; the gateway could not be told: %1</source>
        <translation>この端末ではログアウトしましたが、ゲートウェイに通知できませんでした: %1</translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>認証アプリ</translation>
    </message>
    <message>
        <source>Login failed: that is not a current code of your authenticator app. Type the code the app shows now; if this repeats, set the phone&apos;s clock to automatic.</source>
        <translation>ログインに失敗しました: 認証アプリの現在のコードではありません。アプリに今表示されているコードを入力してください。繰り返し失敗する場合は、携帯電話の日付と時刻を自動設定にしてください。</translation>
    </message>
    <message>
        <source>The authenticator code is 6 digits, as your authenticator app shows it.</source>
        <translation>認証アプリに表示されるコードは6桁の数字です。</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>セキュリティキー</translation>
    </message>
    <message>
        <source>Login failed: the gateway refused your security key&apos;s answer. Touch your key again; if this repeats, use another key you registered or call Client Services.</source>
        <translation>ログインに失敗しました: ゲートウェイがセキュリティキーの応答を拒否しました。もう一度キーにタッチしてください。繰り返し失敗する場合は、登録済みの別のキーを使用するか、クライアントサービスにお電話ください。</translation>
    </message>
    <message>
        <source>Login failed: your security key&apos;s signature counter did not go up, as happens when a key has been copied. Use another key you registered, and call Client Services.</source>
        <translation>ログインに失敗しました: セキュリティキーの署名カウンターが増えていません。キーが複製されたときに起こる現象です。登録済みの別のキーを使用し、クライアントサービスにお電話ください。</translation>
    </message>
    <message>
        <source>Login failed: that is not the enrolment code Client Services gave you. Check it and type it again.</source>
        <translation>ログインに失敗しました: クライアントサービスが発行した登録コードではありません。確認して、もう一度入力してください。</translation>
    </message>
    <message>
        <source>The enrolment code is 12 letters and digits, as Client Services gave it; the hyphens may be left out.</source>
        <translation>登録コードは、クライアントサービスから伝えられた12文字の英数字です。ハイフンは省略できます。</translation>
    </message>
    <message>
        <source>No security key found. Plug in your security key and try again.</source>
        <translation>セキュリティキーが見つかりません。セキュリティキーを差し込んで、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Your security key was not touched in time. Try again when you are ready.</source>
        <translation>時間内にセキュリティキーへのタッチがありませんでした。準備ができたら、もう一度お試しください。</translation>
    </message>
    <message>
        <source>This security key is not registered for this user name. Use a key you registered, or ask Client Services for an enrolment code to register this one.</source>
        <translation>このセキュリティキーは、このユーザー名に登録されていません。登録済みのキーを使用するか、このキーを登録するための登録コードをクライアントサービスにご依頼ください。</translation>
    </message>
    <message>
        <source>This security key is already registered for this user name. Log in with it, or register another key.</source>
        <translation>このセキュリティキーは、このユーザー名にすでに登録されています。このキーでログインするか、別のキーを登録してください。</translation>
    </message>
    <message>
        <source>Wrong PIN for your security key: %1 tries left before the key locks it.</source>
        <translation>セキュリティキーのPINが正しくありません。PINがロックされるまで残り %1 回です。</translation>
    </message>
    <message>
        <source>Your security key&apos;s PIN is blocked. Use another key, or reset this one (that deletes its passkeys).</source>
        <translation>セキュリティキーのPINはロックされています。別のキーを使用するか、このキーをリセットしてください (リセットするとキーのパスキーはすべて削除されます)。</translation>
    </message>
    <message>
        <source>Three wrong PINs in a row: unplug your security key, plug it in again, and try again.</source>
        <translation>PINを3回続けて間違えました。セキュリティキーを取り外して差し込み直し、もう一度お試しください。</translation>
    </message>
    <message>
        <source>This virtual security key&apos;s passkeys are sealed with a keychain entry this computer no longer has, so it cannot sign. Use another key.</source>
        <translation>この仮想セキュリティキーのパスキーは、このコンピューターにもう存在しないキーチェーン項目で暗号化されているため、署名できません。別のキーを使用してください。</translation>
    </message>
    <message>
        <source>Your security key reported an error (%1). Unplug it, plug it in again, and try again.</source>
        <translation>セキュリティキーがエラーを報告しました (%1)。キーを取り外して差し込み直し、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The gateway asked for a passkey of %1, which is not the gateway this window is connected to. Nothing was signed.</source>
        <translation>ゲートウェイが %1 のパスキーを要求しましたが、これはこのウィンドウが接続しているゲートウェイではありません。何も署名していません。</translation>
    </message>
    <message>
        <source>The gateway refused to register this security key: %1. Try again, or use another key.</source>
        <translation>ゲートウェイはこのセキュリティキーの登録を拒否しました: %1。もう一度お試しいただくか、別のキーを使用してください。</translation>
    </message>
    <message>
        <source>Waiting for your security key…</source>
        <translation>セキュリティキーを待っています…</translation>
    </message>
    <message>
        <source>Registering your security key…</source>
        <translation>セキュリティキーを登録しています…</translation>
    </message>
</context>
<context>
    <name>PhoneTab</name>
    <message>
        <source>A call is ringing</source>
        <translation>着信中です</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n 件の新着メッセージ</numerusform>
        </translation>
    </message>
    <message>
        <source>The phone&apos;s messages cannot be read.</source>
        <translation>電話のメッセージを読み込めません。</translation>
    </message>
    <message>
        <source>{time}  Call from Trader Login</source>
        <translation>{time}  Trader Login からの着信</translation>
    </message>
    <message>
        <source>{time}  SMS: {text}</source>
        <translation>{time}  SMS: {text}</translation>
    </message>
    <message>
        <source>No messages yet.</source>
        <translation>メッセージはまだありません。</translation>
    </message>
    <message>
        <source>A voice call. Answer it to hear the code.</source>
        <translation>音声通話です。応答するとコードが読み上げられます。</translation>
    </message>
    <message>
        <source>No call.</source>
        <translation>着信はありません。</translation>
    </message>
    <message>
        <source>Incoming call from Trader Login…</source>
        <translation>Trader Login から着信中…</translation>
    </message>
    <message>
        <source>Call from Trader Login.</source>
        <translation>Trader Login からの通話です。</translation>
    </message>
    <message>
        <source>This is Trader Login. Your security code is:</source>
        <translation>こちらは Trader Login です。お客様のセキュリティコードは:</translation>
    </message>
    <message>
        <source>Play again</source>
        <translation>もう一度再生</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Voice call</source>
        <translation>音声通話</translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation>応答(&amp;A)</translation>
    </message>
    <message>
        <source>Texts and calls are shown with the embedded gateway only.</source>
        <translation>SMS と通話は組み込みゲートウェイ使用時のみ表示されます。</translation>
    </message>
</context>
<context>
    <name>RestartPanel</name>
    <message>
        <source>Restart without the second factor until %1</source>
        <translation>%1 まで二段階認証なしで再起動する</translation>
    </message>
    <message>
        <source>Restart without the second factor until the weekly cut-off</source>
        <translation>毎週の期限まで二段階認証なしで再起動する</translation>
    </message>
    <message>
        <source>This session was opened by a restart without the second factor, allowed on this computer until %1.</source>
        <translation>このセッションは二段階認証なしの再起動で開始されました。このコンピューターでは %1 まで許可されています。</translation>
    </message>
    <message>
        <source>This session was opened by a restart without the second factor.</source>
        <translation>このセッションは二段階認証なしの再起動で開始されました。</translation>
    </message>
    <message>
        <source>This computer may restart without the second factor until %1.</source>
        <translation>このコンピューターは %1 まで二段階認証なしで再起動できます。</translation>
    </message>
    <message>
        <source>The restart without the second factor until %1 is held by %2.</source>
        <translation>%1 までの二段階認証なしの再起動の許可は %2 にあります。</translation>
    </message>
    <message>
        <source>another computer</source>
        <translation>別のコンピューター</translation>
    </message>
</context>
<context>
    <name>SecondFactorPage</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>New index values</source>
        <translation>新しいインデックス</translation>
    </message>
    <message>
        <source>Waiting for your approval on the phone… %1 left</source>
        <translation>携帯電話での承認を待っています… 残り %1</translation>
    </message>
    <message>
        <source>The notification expired without an answer.</source>
        <translation>応答がないまま通知の有効期限が切れました。</translation>
    </message>
    <message>
        <source>Number to pick on your phone: %1</source>
        <translation>携帯電話で選択する番号: %1</translation>
    </message>
    <message>
        <source>Pick this number on your phone</source>
        <translation>携帯電話でこの番号を選択してください</translation>
    </message>
    <message>
        <source>Time left to approve the login</source>
        <translation>ログインを承認できる残り時間</translation>
    </message>
    <message>
        <source>A notification was sent to your phone. Open it in IB Key, pick the number shown here and approve the login.</source>
        <translation>お使いの携帯電話に通知を送信しました。IB Key で通知を開き、ここに表示されている番号を選択して、ログインを承認してください。</translation>
    </message>
    <message>
        <source>No more codes can be sent for this login.</source>
        <translation>このログインではこれ以上コードを送信できません。</translation>
    </message>
    <message numerus="yes">
        <source>A new code can be sent in %n second(s).</source>
        <translation>
            <numerusform>%n 秒後に新しいコードを送信できます。</numerusform>
        </translation>
    </message>
    <message>
        <source>Send a new code by SMS</source>
        <translation>SMSで新しいコードを送信</translation>
    </message>
    <message>
        <source>Call me with a new code</source>
        <translation>新しいコードを電話で受信</translation>
    </message>
    <message>
        <source>Security code by voice call</source>
        <translation>音声通話によるセキュリティコード</translation>
    </message>
    <message>
        <source>Click here if you do not receive the notification</source>
        <translation>通知を受信できない場合はこちらをクリック</translation>
    </message>
    <message>
        <source>Send a new notification</source>
        <translation>新しい通知を送信</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>screen reader: the new-challenge marker, the challenge</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Log In</source>
        <translation>ログイン</translation>
    </message>
    <message>
        <source>Didn&apos;t receive a security code?</source>
        <translation>セキュリティコードが届きませんか?</translation>
    </message>
    <message>
        <source>IB Key</source>
        <translation>IB Key</translation>
    </message>
    <message>
        <source>Digital Security Card+</source>
        <translation>デジタル・セキュリティー・カード+</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>セキュリティー・コードカード</translation>
    </message>
    <message>
        <source>Online Security Code Card</source>
        <translation>オンライン・セキュリティー・コード・カード</translation>
    </message>
    <message>
        <source>Security code by SMS</source>
        <translation>SMSによるセキュリティコード</translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation>一時パスコード</translation>
    </message>
    <message>
        <source>Second factor</source>
        <translation>二段階認証</translation>
    </message>
    <message>
        <source>New challenge</source>
        <translation>新しいチャレンジコード</translation>
    </message>
    <message>
        <source>&amp;Passcode</source>
        <translation>パスコード(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Response</source>
        <translation>レスポンス(&amp;R)</translation>
    </message>
    <message>
        <source>8-digit response</source>
        <translation>8桁のレスポンス</translation>
    </message>
    <message>
        <source>6 characters, no space</source>
        <translation>6文字 (スペースなし)</translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation>6桁のコード</translation>
    </message>
    <message>
        <source>Letters and digits</source>
        <translation>英字と数字</translation>
    </message>
    <message>
        <source>A notification was sent to your phone. Open it and approve the login in IB Key.</source>
        <translation>お使いの携帯電話に通知を送信しました。通知を開き、IB Key でログインを承認してください。</translation>
    </message>
    <message>
        <source>In IB Key on your phone, tap Authenticate, enter this challenge and type the response:</source>
        <translation>携帯電話の IB Key で「認証」をタップしてこのチャレンジコードを入力し、表示されたレスポンスを入力してください:</translation>
    </message>
    <message>
        <source>Press the button on your DSC+ until PIN&gt; shows, enter your PIN and press OK. At CHALLNG&gt; enter this challenge, press OK and type the response:</source>
        <translation>DSC+ のボタンを PIN&gt; が表示されるまで押し、PINを入力して OK を押します。CHALLNG&gt; でこのチャレンジコードを入力して OK を押し、表示されたレスポンスを入力してください:</translation>
    </message>
    <message>
        <source>Find these two index values on your card and enter their codes one after the other, without a space:</source>
        <translation>カードでこの2つのインデックスを探し、それぞれのコードをスペースなしで続けて入力してください:</translation>
    </message>
    <message>
        <source>You will receive a call within a minute at %1. The call reads out your security code.</source>
        <translation>1分以内に %1 に電話がかかってきます。通話でセキュリティコードが読み上げられます。</translation>
    </message>
    <message>
        <source>A code was sent to %1. Enter it below.</source>
        <translation>%1 にコードを送信しました。下に入力してください。</translation>
    </message>
    <message>
        <source>Enter the temporary passcode Client Services gave you.</source>
        <translation>クライアントサービスが発行した一時パスコードを入力してください。</translation>
    </message>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>%n 秒後に新しいコード</numerusform>
        </translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>認証アプリ</translation>
    </message>
    <message>
        <source>Open your authenticator app and enter the 6-digit code shown for Trader Login.</source>
        <translation>認証アプリを開き、Trader Login 用に表示されている6桁のコードを入力してください。</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>コード(&amp;C)</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s) left</source>
        <translation>
            <numerusform>残り %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>セキュリティキー</translation>
    </message>
    <message>
        <source>Register a security key</source>
        <translation>セキュリティキーを登録</translation>
    </message>
    <message>
        <source>Enter the enrolment code Client Services gave you. Then you register your key.</source>
        <translation>クライアントサービスが発行した登録コードを入力してください。続いてキーを登録します。</translation>
    </message>
    <message>
        <source>Plug in the security key you want to register, name it if you like, then press Register and touch the key.</source>
        <translation>登録するセキュリティキーを差し込み、必要に応じて名前を付けてから「セキュリティキーを登録」を押して、キーにタッチしてください。</translation>
    </message>
    <message>
        <source>Touch your security key.</source>
        <translation>セキュリティキーにタッチしてください。</translation>
    </message>
    <message>
        <source>If your key has a PIN, you will be asked for it.</source>
        <translation>キーにPINが設定されている場合は、PINの入力を求められます。</translation>
    </message>
    <message>
        <source>&amp;Enrolment code</source>
        <translation>登録コード(&amp;E)</translation>
    </message>
    <message>
        <source>12 letters and digits</source>
        <translation>12文字の英数字</translation>
    </message>
    <message>
        <source>Key &amp;name (optional):</source>
        <translation>キーの名前 (任意)(&amp;N):</translation>
    </message>
    <message>
        <source>e.g. blue YubiKey</source>
        <translation>例: 青い YubiKey</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>再試行</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>続ける</translation>
    </message>
    <message>
        <source>Time left to use your security key</source>
        <translation>セキュリティキーを使用できる残り時間</translation>
    </message>
    <message>
        <source>Your security key asks for its &amp;PIN:</source>
        <translation>セキュリティキーのPINを入力してください(&amp;P):</translation>
    </message>
    <message numerus="yes">
        <source>%n try(s) left</source>
        <translation>
            <numerusform>残り %n 回</numerusform>
        </translation>
    </message>
    <message>
        <source>A key&apos;s name is at most {count} characters, with no control characters.</source>
        <translation>キーの名前は {count} 文字以内で、制御文字は使用できません。</translation>
    </message>
</context>
<context>
    <name>SecurityKeyTab</name>
    <message>
        <source>The security key could not be loaded.</source>
        <translation>セキュリティキーを読み込めませんでした。</translation>
    </message>
    <message>
        <source>Waiting for a touch — login by {user}</source>
        <translation>タッチを待っています — {user} のログイン</translation>
    </message>
    <message>
        <source>No security key selected</source>
        <translation>セキュリティキーが選択されていません</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>PINを設定</translation>
    </message>
    <message>
        <source>PIN: set</source>
        <translation>PIN: 設定済み</translation>
    </message>
    <message>
        <source>PIN: none</source>
        <translation>PIN: なし</translation>
    </message>
    <message>
        <source>Change PIN</source>
        <translation>PINを変更</translation>
    </message>
    <message>
        <source>The security key waits for a touch.</source>
        <translation>セキュリティキーがタッチを待っています。</translation>
    </message>
    <message>
        <source>Touched.</source>
        <translation>タッチしました。</translation>
    </message>
    <message>
        <source>PIN changed.</source>
        <translation>PINを変更しました。</translation>
    </message>
    <message>
        <source>PIN set.</source>
        <translation>PINを設定しました。</translation>
    </message>
    <message>
        <source>The key was unplugged and plugged in again.</source>
        <translation>キーを取り外して差し込み直しました。</translation>
    </message>
    <message>
        <source>Passkey removed.</source>
        <translation>パスキーを削除しました。</translation>
    </message>
    <message>
        <source>The security key refused: {error}</source>
        <translation>セキュリティキーが拒否しました: {error}</translation>
    </message>
    <message>
        <source>Plays a FIDO2 security key plugged into this computer. When the login asks for the key, press Touch.</source>
        <translation>このコンピューターに差し込まれた FIDO2 セキュリティキーをエミュレートします。ログインでキーが求められたら「タッチ」を押してください。</translation>
    </message>
    <message>
        <source>Touch</source>
        <translation>タッチ</translation>
    </message>
    <message>
        <source>&amp;Passkeys on this key:</source>
        <translation>このキーのパスキー(&amp;P):</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>サイト</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>ユーザー名</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <source>Sign count</source>
        <translation>署名回数</translation>
    </message>
    <message>
        <source>Passkeys on this key</source>
        <translation>このキーのパスキー</translation>
    </message>
    <message>
        <source>Passkey list columns</source>
        <translation>パスキー一覧の列</translation>
    </message>
    <message>
        <source>Remove passkey</source>
        <translation>パスキーを削除</translation>
    </message>
    <message>
        <source>New P&amp;IN:</source>
        <translation>新しいPIN(&amp;I):</translation>
    </message>
    <message>
        <source>Unplug and plug in again</source>
        <translation>取り外して差し込み直す</translation>
    </message>
    <message>
        <source>A PIN is at least {least} printable characters and at most {most} bytes.</source>
        <translation>PINは {least} 文字以上の印字可能な文字で、{most} バイト以内です。</translation>
    </message>
    <message>
        <source>C&amp;urrent PIN:</source>
        <translation>現在のPIN(&amp;U):</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Enter the key&apos;s current PIN first.</source>
        <translation>先にキーの現在のPINを入力してください。</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>リセット</translation>
    </message>
    <message>
        <source>Reset key…</source>
        <translation>キーをリセット…</translation>
    </message>
    <message>
        <source>Reset the security key</source>
        <translation>セキュリティキーのリセット</translation>
    </message>
    <message>
        <source>Reset the security key?</source>
        <translation>セキュリティキーをリセットしますか?</translation>
    </message>
    <message>
        <source>Resetting deletes the key&apos;s passkeys and its PIN. Its sites no longer accept it.</source>
        <translation>リセットすると、キーのパスキーとPINが削除されます。登録先のサイトではこのキーを使用できなくなります。</translation>
    </message>
    <message>
        <source>The key was reset.</source>
        <translation>キーをリセットしました。</translation>
    </message>
    <message>
        <source>The key&apos;s PIN is blocked: only resetting the key makes it usable again.</source>
        <translation>キーのPINはロックされています。キーをリセットしない限り、再び使用することはできません。</translation>
    </message>
    <message numerus="yes">
        <source>Wrong current PIN: %n try(s) left.</source>
        <translation>
            <numerusform>現在のPINが正しくありません。残り %n 回です。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionWindow</name>
    <message>
        <source>paper trading</source>
        <translation>ペーパートレード</translation>
    </message>
    <message>
        <source>live trading</source>
        <translation>ライブトレード</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Paper trading: simulated orders, no real money.</source>
        <translation>ペーパートレード: 注文はシミュレーションで、実際の資金は使われません。</translation>
    </message>
    <message>
        <source>None (read-only session)</source>
        <translation>なし (読み取り専用セッション)</translation>
    </message>
    <message>
        <source>None (password only)</source>
        <translation>なし (パスワードのみ)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Session ended</source>
        <translation>セッション終了</translation>
    </message>
    <message>
        <source>This session was taken over by a login elsewhere. It has ended here.</source>
        <translation>別の場所からのログインにセッションが引き継がれたため、ここでのセッションは終了しました。</translation>
    </message>
    <message>
        <source>This session has expired.</source>
        <translation>このセッションは有効期限が切れました。</translation>
    </message>
    <message>
        <source>This session has ended.</source>
        <translation>このセッションは終了しました。</translation>
    </message>
    <message>
        <source>Back to login</source>
        <translation>ログイン画面に戻る</translation>
    </message>
    <message>
        <source>Trader Login — session</source>
        <translation>Trader Login — セッション</translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation>ログイン中</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>個人</translation>
    </message>
    <message>
        <source>Joint</source>
        <translation>共同名義</translation>
    </message>
    <message>
        <source>IRA</source>
        <translation>IRA</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Log out and close?</source>
        <translation>ログアウトして閉じますか?</translation>
    </message>
    <message>
        <source>Log out?</source>
        <translation>ログアウトしますか?</translation>
    </message>
    <message>
        <source>Closing this window ends the session.</source>
        <translation>このウィンドウを閉じるとセッションが終了します。</translation>
    </message>
    <message>
        <source>This ends the session.</source>
        <translation>セッションが終了します。</translation>
    </message>
    <message>
        <source>Forget this computer (the next login needs the second factor)</source>
        <translation>このコンピューターの登録を解除 (次回のログインは二段階認証が必要)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>口座(&amp;A)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <source>Withdrawal limits</source>
        <translation>出金限度額</translation>
    </message>
    <message>
        <source>Restrictions</source>
        <translation>制限事項</translation>
    </message>
    <message>
        <source>Session expires</source>
        <translation>セッション有効期限</translation>
    </message>
    <message>
        <source>Log Out</source>
        <translation>ログアウト</translation>
    </message>
</context>
<context>
    <name>TotpTab</name>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>%n 秒後に新しいコード</numerusform>
        </translation>
    </message>
    <message>
        <source>Code copied.</source>
        <translation>コードをコピーしました。</translation>
    </message>
    <message>
        <source>Hide setup key</source>
        <translation>セットアップキーを非表示</translation>
    </message>
    <message>
        <source>Show setup key</source>
        <translation>セットアップキーを表示</translation>
    </message>
    <message>
        <source>Plays an authenticator app: the code for the selected user changes every 30 seconds. Type it into the login window&apos;s Authenticator app page.</source>
        <translation>認証アプリをエミュレートします。選択したユーザーのコードは30秒ごとに変わります。ログイン画面の「認証アプリ」ページに入力してください。</translation>
    </message>
    <message>
        <source>Current code</source>
        <translation>現在のコード</translation>
    </message>
    <message>
        <source>Time left for this code</source>
        <translation>このコードの残り時間</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>コードをコピー</translation>
    </message>
    <message>
        <source>Enrolment QR code</source>
        <translation>登録用QRコード</translation>
    </message>
    <message>
        <source>Scan with your phone&apos;s authenticator app to use it instead</source>
        <translation>携帯電話の認証アプリでスキャンすると、代わりにそのアプリを使用できます</translation>
    </message>
    <message>
        <source>Setup key</source>
        <translation>セットアップキー</translation>
    </message>
</context>
</TS>

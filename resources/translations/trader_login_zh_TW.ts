<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>CardsTab</name>
    <message>
        <source>Not active yet. The first login with this card activates it; or activate it here, as the Client Portal does.</source>
        <translation>尚未啟動。首次使用此卡片登錄即可啟動；也可以像在客戶端門戶中一樣，在此啟動。</translation>
    </message>
    <message>
        <source>Active: valid until {moment}. Nothing to activate.</source>
        <translation>已啟動：有效期至 {moment}。無需啟動。</translation>
    </message>
    <message>
        <source>Active. Nothing to activate.</source>
        <translation>已啟動。無需啟動。</translation>
    </message>
    <message>
        <source>This card no longer works ({status}).</source>
        <translation>此卡片已無法使用({status})。</translation>
    </message>
    <message>
        <source>New index values in the login window: {a} and {b}. The earlier ones no longer work.</source>
        <translation>登錄視窗中的新卡片序號：{a} 和 {b}。之前的序號已失效。</translation>
    </message>
    <message>
        <source>The login window asks for the codes at index values {a} and {b}.</source>
        <translation>登錄視窗要求輸入卡片序號 {a} 和 {b} 對應的密碼。</translation>
    </message>
    <message>
        <source>The card could not be saved: {why}</source>
        <translation>無法儲存卡片：{why}</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已儲存 {name}。</translation>
    </message>
    <message>
        <source>The card could not be printed: {why}</source>
        <translation>無法列印卡片：{why}</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>已傳送至印表機。</translation>
    </message>
    <message>
        <source>Save card as PNG</source>
        <translation>將卡片儲存為 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 圖片 (*.png)</translation>
    </message>
    <message>
        <source>Print card</source>
        <translation>列印卡片</translation>
    </message>
    <message>
        <source>Those are not the codes at index values {a} and {b} of this card. Try again.</source>
        <translation>這些不是此卡片序號 {a} 和 {b} 對應的密碼。請重試。</translation>
    </message>
    <message>
        <source>This card&apos;s owner is not known: open it from the device list.</source>
        <translation>此卡片的持有人不明：請從設備清單開啟。</translation>
    </message>
    <message>
        <source>Activating…</source>
        <translation>正在啟動…</translation>
    </message>
    <message>
        <source>The card is active: valid for 21 days from now.</source>
        <translation>卡片已啟動：自現在起 21 天內有效。</translation>
    </message>
    <message>
        <source>The activation failed.</source>
        <translation>啟動失敗。</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>列印(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Save as PNG…</source>
        <translation>儲存為 PNG(&amp;S)…</translation>
    </message>
    <message>
        <source>Code at &amp;index</source>
        <translation>序號對應的密碼(&amp;I)</translation>
    </message>
    <message>
        <source>Activate this Online Security Code Card</source>
        <translation>啟動此在線安全密碼卡</translation>
    </message>
    <message>
        <source>Enter the codes at index values {a} and {b}. The card is then valid for 21 days.</source>
        <translation>輸入卡片序號 {a} 和 {b} 對應的密碼，卡片隨即生效，有效期 21 天。</translation>
    </message>
    <message>
        <source>Code at {a}:</source>
        <translation>序號 {a} 的密碼：</translation>
    </message>
    <message>
        <source>Code at {b}:</source>
        <translation>序號 {b} 的密碼：</translation>
    </message>
    <message>
        <source>&amp;Activate</source>
        <translation>啟動(&amp;A)</translation>
    </message>
    <message>
        <source>The card&apos;s grid of codes</source>
        <translation>卡片的密碼表</translation>
    </message>
</context>
<context>
    <name>ClientServicesTab</name>
    <message>
        <source>Failed attempts: {n}</source>
        <translation>失敗次數：{n}</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>鎖定至 {time}</translation>
    </message>
    <message>
        <source>temporary passcode in use</source>
        <translation>正在使用臨時碼</translation>
    </message>
    <message>
        <source>Issued by the demo set-up. Not issued again until the device is reactivated.</source>
        <translation>由示範設定核發。設備重新啟動前不會再次核發。</translation>
    </message>
    <message>
        <source>{user} is still locked: the desk could not unlock it.</source>
        <translation>{user} 仍處於鎖定狀態：服務台無法解鎖。</translation>
    </message>
    <message>
        <source>{user} unlocked at {moment}.</source>
        <translation>{user} 已於 {moment} 解鎖。</translation>
    </message>
    <message>
        <source>{kind} {id} ({status})</source>
        <translation>{kind} {id}({status})</translation>
    </message>
    <message>
        <source>Temporary passcode for {user}: tell it to the trader by telephone.</source>
        <translation>{user} 的臨時碼：請透過電話告知交易者。</translation>
    </message>
    <message>
        <source>{user}&apos;s device is active again; any temporary passcode and online card ended.</source>
        <translation>{user} 的設備已重新啟動；所有臨時碼和在線安全密碼卡均已失效。</translation>
    </message>
    <message>
        <source>Online Security Code Card {serial} issued: see the Cards tab to print and activate it.</source>
        <translation>已核發在線安全密碼卡 {serial}:請到「卡片」分頁列印並啟動。</translation>
    </message>
    <message>
        <source>The desk could not do that ({kind}).</source>
        <translation>服務台無法執行此操作({kind})。</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用戶名(&amp;U):</translation>
    </message>
    <message>
        <source>Choose or type the trader&apos;s user name</source>
        <translation>選擇或輸入交易者的用戶名</translation>
    </message>
    <message>
        <source>Lost or forgotten device</source>
        <translation>設備遺失或不在身邊</translation>
    </message>
    <message>
        <source>Issue &amp;temporary passcode</source>
        <translation>核發臨時碼(&amp;T)</translation>
    </message>
    <message>
        <source>Issue &amp;Online Security Code Card</source>
        <translation>核發在線安全密碼卡(&amp;O)</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>帳戶</translation>
    </message>
    <message>
        <source>U&amp;nlock user name</source>
        <translation>解鎖用戶名(&amp;N)</translation>
    </message>
    <message>
        <source>Offered while the user name is locked after too many failed attempts.</source>
        <translation>用戶名因失敗次數過多被鎖定時可用。</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>設備(&amp;V):</translation>
    </message>
    <message>
        <source>&amp;Reactivate device</source>
        <translation>重新啟動設備(&amp;R)</translation>
    </message>
    <message>
        <source>The Client Services desk is part of the embedded gateway only.</source>
        <translation>客戶服務台僅在使用內嵌閘道時提供。</translation>
    </message>
</context>
<context>
    <name>CredentialsPage</name>
    <message>
        <source>Live trading</source>
        <translation>實盤交易</translation>
    </message>
    <message>
        <source>Paper trading</source>
        <translation>模擬交易</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用戶名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密碼(&amp;P)</translation>
    </message>
    <message>
        <source>Caps Lock is on</source>
        <translation>Caps Lock 已開啟</translation>
    </message>
    <message>
        <source>&amp;Remember user name</source>
        <translation>記住用戶名(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <source>Log In</source>
        <translation>登錄</translation>
    </message>
    <message>
        <source>Restart: no second factor needed while this computer&apos;s grant lasts</source>
        <translation>重新啟動：本機授權有效期間無需第二重驗證</translation>
    </message>
    <message>
        <source>Forgot user name or password?</source>
        <translation>忘記用戶名或密碼?</translation>
    </message>
    <message>
        <source>Forgotten user name or password, or a lost device: help is by telephone. Call Client Services; once they have confirmed who you are, they can reset your password or issue a temporary passcode so that you can log in today.</source>
        <translation>忘記用戶名或密碼，或設備遺失：請透過電話求助。請致電客戶服務；確認您的身份後，他們可以重設您的密碼或核發臨時碼，讓您今天就能登錄。</translation>
    </message>
    <message>
        <source>In this demo, Client Services is the “Client Services” tab of the Device emulators window: it issues temporary passcodes and unlocks user names.</source>
        <translation>在此示範中，客戶服務即「設備模擬器」視窗中的「客戶服務」分頁：可核發臨時碼並解鎖用戶名。</translation>
    </message>
    <message>
        <source>Open Client Services (demo)</source>
        <translation>開啟客戶服務(示範)</translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <source>%1 (paper)</source>
        <translation>%1(模擬)</translation>
    </message>
    <message>
        <source>Demo gateway: user names %1; password %2</source>
        <translation>示範閘道：用戶名 %1;密碼 %2</translation>
    </message>
</context>
<context>
    <name>DeviceChoicePage</name>
    <message>
        <source>%1 (%2)</source>
        <comment>device list: the kind, the device&apos;s own name</comment>
        <translation>%1(%2)</translation>
    </message>
    <message>
        <source>Security level %1</source>
        <translation>安全級別 %1</translation>
    </message>
    <message>
        <source>Choose a security device</source>
        <translation>選擇安全設備</translation>
    </message>
    <message>
        <source>You have more than one active device. The most secure is listed first.</source>
        <translation>您有多個已啟動的設備，安全性最高的排在最前。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>繼續</translation>
    </message>
    <message>
        <source>Security devices</source>
        <translation>安全設備</translation>
    </message>
</context>
<context>
    <name>DevicePicker</name>
    <message>
        <source>&amp;Device:</source>
        <translation>設備(&amp;D):</translation>
    </message>
    <message>
        <source>Open device file…</source>
        <translation>開啟設備檔案…</translation>
    </message>
    <message>
        <source>No device yet: open a device file</source>
        <translation>尚無設備：請開啟設備檔案</translation>
    </message>
    <message>
        <source>Cannot read {path}: {why}</source>
        <translation>無法讀取 {path}:{why}</translation>
    </message>
    <message>
        <source>{path} holds a {found}, not a {wanted}.</source>
        <translation>{path} 中是 {found},而非 {wanted}。</translation>
    </message>
    <message>
        <source>Open device file</source>
        <translation>開啟設備檔案</translation>
    </message>
    <message>
        <source>Device files (*.json);;All files (*)</source>
        <translation>設備檔案 (*.json);;所有檔案 (*)</translation>
    </message>
</context>
<context>
    <name>DscPlusTab</name>
    <message>
        <source>The device&apos;s state could not be saved: {why}</source>
        <translation>無法儲存設備狀態：{why}</translation>
    </message>
    <message>
        <source>New challenge in the login window: {challenge}. The earlier one no longer works.</source>
        <translation>登錄視窗中的新挑戰碼：{challenge}。之前的挑戰碼已失效。</translation>
    </message>
    <message>
        <source>Challenge in the login window: {challenge}</source>
        <translation>登錄視窗中的挑戰碼：{challenge}</translation>
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
        <translation>按鈕(開機 / PIN)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>DSC+ display</source>
        <translation>DSC+ 螢幕</translation>
    </message>
    <message>
        <source>DSC+ keypad</source>
        <translation>DSC+ 鍵盤</translation>
    </message>
    <message>
        <source>Press ON until PIN&gt; shows, type the 4-digit PIN and OK; at CHALLNG&gt; type the 6-digit challenge from the login window and OK. The keyboard works too: digits, Enter, Space.</source>
        <translation>按 ON 直到顯示 PIN&gt;,輸入 4 位數 PIN 並按 OK;出現 CHALLNG&gt; 時，輸入登錄視窗中的 6 位數挑戰碼並按 OK。也可使用鍵盤：數字鍵、Enter、空白鍵。</translation>
    </message>
</context>
<context>
    <name>Emulators</name>
    <message>
        <source>Online Security Code Card</source>
        <translation>在線安全密碼卡</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>安全密碼卡</translation>
    </message>
    <message>
        <source>Serial {serial}</source>
        <translation>序列號 {serial}</translation>
    </message>
    <message>
        <source>Enter the codes at the two index values the login shows.</source>
        <translation>請輸入登錄時顯示的兩個卡片序號所對應的密碼。</translation>
    </message>
    <message>
        <source>Keep this card safe. Client Services never asks for its codes.</source>
        <translation>請妥善保管此卡片。客戶服務絕不會索取卡上的密碼。</translation>
    </message>
    <message>
        <source>No card chosen</source>
        <translation>未選擇卡片</translation>
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
        <translation>手機</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>遺失</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待處理</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>{user} — {device} {ident}</source>
        <translation>{user} — {device} {ident}</translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation>臨時碼</translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>驗證器應用程式</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>安全金鑰</translation>
    </message>
</context>
<context>
    <name>EmulatorsWindow</name>
    <message>
        <source>The device files could not be read ({kind}).</source>
        <translation>無法讀取設備檔案({kind})。</translation>
    </message>
    <message>
        <source>The login of {user} waits for this device.</source>
        <translation>{user} 的登錄正在等待此設備。</translation>
    </message>
    <message>
        <source>{title} ●</source>
        <translation>{title} ●</translation>
    </message>
    <message>
        <source>Device emulators</source>
        <translation>設備模擬器</translation>
    </message>
    <message>
        <source>DSC+</source>
        <translation>DSC+</translation>
    </message>
    <message>
        <source>IB Key phone</source>
        <translation>IB Key 手機</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手機</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Client Services</source>
        <translation>客戶服務</translation>
    </message>
    <message>
        <source>Loading the devices…</source>
        <translation>正在載入設備…</translation>
    </message>
    <message>
        <source>Authenticator</source>
        <translation>驗證器</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>安全金鑰</translation>
    </message>
</context>
<context>
    <name>ExistingSessionPage</name>
    <message>
        <source>Already logged in</source>
        <translation>已在其他地方登錄</translation>
    </message>
    <message>
        <source>This user name is already logged in elsewhere. Log in here and disconnect the other session?</source>
        <translation>此用戶名已在其他地方登錄。要在此登錄並中斷另一個工作階段嗎?</translation>
    </message>
    <message>
        <source>Log in here</source>
        <translation>在此登錄</translation>
    </message>
    <message>
        <source>Keep the other session</source>
        <translation>保留另一個工作階段</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小時 %2 分鐘</translation>
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
        <translation>此用戶名因失敗次數過多已被鎖定。請致電客戶服務解鎖。</translation>
    </message>
    <message>
        <source>This user name is locked after too many failed attempts, until %1 (%2 from now). Client Services can unlock it sooner.</source>
        <translation>此用戶名因失敗次數過多已被鎖定至 %1(還有 %2)。客戶服務可提前解鎖。</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>無限制</translation>
    </message>
    <message>
        <source>None allowed</source>
        <translation>不允許</translation>
    </message>
    <message>
        <source>USD %1</source>
        <translation>%1 美元</translation>
    </message>
    <message>
        <source>No withdrawals allowed</source>
        <translation>不允許取款</translation>
    </message>
    <message>
        <source>Per day: %1
Per 5 business days: %2</source>
        <translation>每日：%1
每 5 個營業日：%2</translation>
    </message>
</context>
<context>
    <name>IbKeyTab</name>
    <message>
        <source>New challenge in the login window: {challenge}. The earlier one no longer works.</source>
        <translation>登錄視窗中的新挑戰碼：{challenge}。之前的挑戰碼已失效。</translation>
    </message>
    <message>
        <source>Challenge in the login window: {challenge}</source>
        <translation>登錄視窗中的挑戰碼：{challenge}</translation>
    </message>
    <message numerus="yes">
        <source>%n notification(s) waiting</source>
        <translation>
            <numerusform>%n 則通知等待處理</numerusform>
        </translation>
    </message>
    <message>
        <source>{time}  Login request for {user}</source>
        <translation>{time}  {user} 的登錄請求</translation>
    </message>
    <message>
        <source>Waiting for the notification of {user}&apos;s login…</source>
        <translation>正在等待 {user} 登錄的通知…</translation>
    </message>
    <message>
        <source>No notification. Log in with an IB Key user to receive one.</source>
        <translation>沒有通知。使用 IB Key 用戶登錄即可收到通知。</translation>
    </message>
    <message>
        <source>User: {user}
{summary}
Sent: {time}</source>
        <translation>用戶：{user}
{summary}
傳送時間：{time}</translation>
    </message>
    <message>
        <source>Number {number}</source>
        <translation>數字 {number}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在傳送…</translation>
    </message>
    <message>
        <source>Approved. The login continues on the desktop by itself.</source>
        <translation>已核准。桌面上的登錄將自動繼續。</translation>
    </message>
    <message>
        <source>Reported. The login was refused, and the gateway recorded your report.</source>
        <translation>已回報。此次登錄遭到拒絕，閘道已記錄您的回報。</translation>
    </message>
    <message>
        <source>Denied: {number} is not the number the login shows. The login was refused.</source>
        <translation>已拒絕：{number} 不是登錄視窗顯示的數字。此次登錄遭到拒絕。</translation>
    </message>
    <message>
        <source>Denied. The login was refused.</source>
        <translation>已拒絕。此次登錄遭到拒絕。</translation>
    </message>
    <message>
        <source>The gateway could not be reached ({kind}).</source>
        <translation>無法連線到閘道({kind})。</translation>
    </message>
    <message>
        <source>Choose an IB Key device first.</source>
        <translation>請先選擇 IB Key 設備。</translation>
    </message>
    <message>
        <source>The challenge is 8 digits, as the login window shows it.</source>
        <translation>挑戰碼為 8 位數字，與登錄視窗顯示的相同。</translation>
    </message>
    <message>
        <source>Type this response into the login window.</source>
        <translation>請將此回應碼輸入登錄視窗。</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>核准(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>拒絕(&amp;D)</translation>
    </message>
    <message>
        <source>This &amp;wasn&apos;t me</source>
        <translation>不是我本人(&amp;W)</translation>
    </message>
    <message>
        <source>Deny this login and report it: you did not try to log in.</source>
        <translation>拒絕此次登錄並回報：您並未嘗試登錄。</translation>
    </message>
    <message>
        <source>Pick the number the login window shows, then Approve:</source>
        <translation>請選擇登錄視窗顯示的數字，然後按「核准」：</translation>
    </message>
    <message>
        <source>Authenticate</source>
        <translation>驗證</translation>
    </message>
    <message>
        <source>&amp;Challenge:</source>
        <translation>挑戰碼(&amp;C):</translation>
    </message>
    <message>
        <source>8 digits from the login window</source>
        <translation>登錄視窗中的 8 位數字</translation>
    </message>
    <message>
        <source>&amp;Generate response</source>
        <translation>產生回應碼(&amp;G)</translation>
    </message>
    <message>
        <source>Response:</source>
        <translation>回應碼：</translation>
    </message>
    <message>
        <source>Notifications need a gateway to poll.</source>
        <translation>需有可輪詢的閘道才能接收通知。</translation>
    </message>
</context>
<context>
    <name>LoginHistoryPanel</name>
    <message>
        <source>First login recorded here</source>
        <translation>這是記錄中的首次登錄</translation>
    </message>
    <message>
        <source>an unknown address</source>
        <translation>不明位址</translation>
    </message>
    <message>
        <source>Last login: %1 from %2, a restart without the second factor</source>
        <translation>上次登錄：%1，來自 %2，免第二重驗證重新啟動</translation>
    </message>
    <message>
        <source>the password only</source>
        <translation>僅密碼</translation>
    </message>
    <message>
        <source>Last login: %1 from %2 with %3</source>
        <translation>上次登錄：%1，來自 %2，使用 %3</translation>
    </message>
    <message>
        <source>No failed attempts since then</source>
        <translation>此後沒有失敗的嘗試</translation>
    </message>
    <message>
        <source>No failed attempts before this login</source>
        <translation>本次登錄前沒有失敗的嘗試</translation>
    </message>
    <message>
        <source>Failed attempts since then: %1</source>
        <translation>此後失敗次數：%1</translation>
    </message>
    <message>
        <source>Failed attempts before this login: %1</source>
        <translation>本次登錄前失敗次數：%1</translation>
    </message>
    <message>
        <source>wrong password</source>
        <translation>密碼錯誤</translation>
    </message>
    <message>
        <source>while locked</source>
        <translation>鎖定期間的嘗試</translation>
    </message>
    <message>
        <source>wrong second-factor response</source>
        <translation>第二重驗證回應錯誤</translation>
    </message>
    <message>
        <source>authenticator code used before</source>
        <translation>驗證器安全碼已使用過</translation>
    </message>
    <message>
        <source>security key check failed</source>
        <translation>安全金鑰檢查失敗</translation>
    </message>
    <message>
        <source>notification denied on the phone</source>
        <translation>已在手機上拒絕通知</translation>
    </message>
    <message>
        <source>wrong number picked on the phone</source>
        <translation>在手機上選錯數字</translation>
    </message>
    <message>
        <source>reported on the phone as not yours</source>
        <translation>已在手機上回報並非本人</translation>
    </message>
    <message>
        <source>%1 from %2: %3</source>
        <translation>%1，來自 %2：%3</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>Gateway: built-in demo</source>
        <translation>閘道：內嵌示範</translation>
    </message>
    <message>
        <source>The embedded demo gateway, running on this computer</source>
        <translation>在本機執行的內嵌示範閘道</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>已釘選</translation>
    </message>
    <message>
        <source>%1: certificate pinned by its SHA-256 fingerprint %2</source>
        <translation>%1：憑證已依其 SHA-256 指紋 %2 釘選</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已驗證</translation>
    </message>
    <message>
        <source>%1: certificate verified against %2</source>
        <translation>%1：憑證已透過 %2 驗證</translation>
    </message>
    <message>
        <source>%1: certificate verified by the system&apos;s certificate authorities</source>
        <translation>%1：憑證已由系統的憑證授權單位驗證</translation>
    </message>
    <message>
        <source>Gateway: %1 · %2</source>
        <translation>閘道：%1 · %2</translation>
    </message>
    <message>
        <source>Trader Login</source>
        <translation>Trader Login</translation>
    </message>
    <message>
        <source>Secure Login System</source>
        <translation>安全登錄系統</translation>
    </message>
    <message>
        <source>Enter read only</source>
        <translation>以唯讀模式進入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Device emulators…</source>
        <translation>設備模擬器…</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>處理中</translation>
    </message>
    <message>
        <source>The demo gateway is still starting; try again in a moment.</source>
        <translation>示範閘道仍在啟動中，請稍後再試。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>User names are lower case. Is Caps Lock on?</source>
        <translation>用戶名均為小寫。是否開啟了 Caps Lock?</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>請輸入您的用戶名。</translation>
    </message>
    <message>
        <source>Invalid user name password combination</source>
        <translation>用戶名和密碼組合無效</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>登錄失敗</translation>
    </message>
    <message>
        <source>Caps Lock is on</source>
        <translation>Caps Lock 已開啟</translation>
    </message>
    <message>
        <source>Login cancelled.</source>
        <translation>已取消登錄。</translation>
    </message>
    <message>
        <source>The other session stays logged in.</source>
        <translation>另一個工作階段保持登錄。</translation>
    </message>
    <message>
        <source>This session was disconnected because the user name logged in elsewhere.</source>
        <translation>此用戶名已在其他地方登錄，因此本工作階段已中斷。</translation>
    </message>
    <message>
        <source>Choose one of the devices listed.</source>
        <translation>請從列出的設備中選擇一個。</translation>
    </message>
    <message>
        <source>The challenge expired. Here is a new one.</source>
        <translation>挑戰碼已過期，這是新的挑戰碼。</translation>
    </message>
    <message>
        <source>The code expired. Ask for a new code.</source>
        <translation>安全碼已過期。請索取新的安全碼。</translation>
    </message>
    <message>
        <source>The notification expired. Send a new one, or use challenge/response.</source>
        <translation>通知已過期。請重新傳送通知，或改用挑戰碼/回應碼。</translation>
    </message>
    <message>
        <source>The temporary passcode has expired. Please call Client Services.</source>
        <translation>臨時碼已過期。請致電客戶服務。</translation>
    </message>
    <message>
        <source>This login has expired or was already used. Please log in again.</source>
        <translation>此次登錄已過期或已使用過。請重新登錄。</translation>
    </message>
    <message>
        <source>This notification has expired or was already answered.</source>
        <translation>此通知已過期或已回覆。</translation>
    </message>
    <message>
        <source>This session has ended. Please log in again.</source>
        <translation>此工作階段已結束。請重新登錄。</translation>
    </message>
    <message>
        <source>The gateway failed to handle this request. Please try again.</source>
        <translation>閘道無法處理此請求。請重試。</translation>
    </message>
    <message>
        <source>Logins for this user name are only allowed from the IP addresses set by the account&apos;s primary user.</source>
        <translation>此用戶名僅允許從帳戶主要用戶設定的 IP 位址登錄。</translation>
    </message>
    <message>
        <source>No security device is active for this user name. Please call Client Services: they can issue a temporary passcode.</source>
        <translation>此用戶名沒有已啟動的安全設備。請致電客戶服務：他們可以核發臨時碼。</translation>
    </message>
    <message>
        <source>This security device can no longer be used for this user name. Please log in again, or call Client Services.</source>
        <translation>此安全設備已不能用於此用戶名。請重新登錄，或致電客戶服務。</translation>
    </message>
    <message>
        <source>This temporary passcode now only opens the Client Portal, where you can print an Online Security Code Card.</source>
        <translation>此臨時碼現在只能用於登錄客戶端門戶，您可在其中列印在線安全密碼卡。</translation>
    </message>
    <message>
        <source>No more codes can be sent for this login. Please log in again.</source>
        <translation>此次登錄無法再傳送安全碼。請重新登錄。</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1. It is a full-width character: switch the input method to half-width.</source>
        <translation>BAD CHARACTER:用戶名只能包含小寫字母 a-z 和數字 0-9。發現無效字元 %1。這是全形字元：請將輸入法切換為半形。</translation>
    </message>
    <message>
        <source>This user name is locked after too many failed login attempts. Try again after %1, or call Client Services.</source>
        <translation>此用戶名因登錄失敗次數過多已被鎖定。請在 %1 之後重試，或致電客戶服務。</translation>
    </message>
    <message>
        <source>This code was used already. Wait for the next code in your authenticator app.</source>
        <translation>此安全碼已使用過。請等待驗證器應用程式顯示下一個安全碼。</translation>
    </message>
    <message>
        <source>The DSC+ response is 8 digits.</source>
        <translation>DSC+ 回應碼為 8 位數字。</translation>
    </message>
    <message>
        <source>The IB Key response is 8 digits.</source>
        <translation>IB Key 回應碼為 8 位數字。</translation>
    </message>
    <message>
        <source>The security code is 6 digits.</source>
        <translation>安全碼為 6 位數字。</translation>
    </message>
    <message>
        <source>Enter the two 3-character codes from your card, one after the other.</source>
        <translation>請連續輸入卡片上的兩組 3 位密碼。</translation>
    </message>
    <message>
        <source>The temporary passcode is upper-case letters and digits.</source>
        <translation>臨時碼由大寫字母和數字組成。</translation>
    </message>
    <message>
        <source>This user name is already logged in elsewhere. Log in here and disconnect the other session?</source>
        <translation>此用戶名已在其他地方登錄。要在此登錄並中斷另一個工作階段嗎?</translation>
    </message>
    <message>
        <source>The gateway&apos;s database is busy or unreachable. Try again in %1 s.</source>
        <translation>閘道的資料庫忙碌中或無法連線。請在 %1 秒後重試。</translation>
    </message>
    <message>
        <source>The gateway&apos;s certificate does not match the one this client trusts. Nothing was sent. If the gateway was set up again, trust its new certificate; otherwise someone may be intercepting the connection.</source>
        <translation>閘道的憑證與此用戶端信任的憑證不符。未傳送任何資料。如果閘道已重新設定，請信任其新憑證；否則可能有人正在攔截連線。</translation>
    </message>
    <message>
        <source>The gateway could not prove it knows your password verifier. It may not be the real gateway: nothing more was sent to it.</source>
        <translation>閘道無法證明其知道您的密碼驗證器，可能不是真正的閘道：未再向其傳送任何資料。</translation>
    </message>
    <message>
        <source>The gateway asked for password hardening outside this client&apos;s safe bounds. Nothing was sent.</source>
        <translation>閘道要求的密碼強化參數超出此用戶端的安全範圍。未傳送任何資料。</translation>
    </message>
    <message>
        <source>The gateway&apos;s reply is not the SLS protocol (%1). Check that %2 is an SLS gateway and that this client is up to date.</source>
        <translation>閘道的回覆不符合 SLS 協定 (%1)。請確認 %2 是 SLS 閘道，且此用戶端為最新版本。</translation>
    </message>
    <message>
        <source>The gateway refused the request as malformed: %1</source>
        <translation>閘道以格式錯誤為由拒絕了請求：%1</translation>
    </message>
    <message>
        <source>The gateway could not be started: %1</source>
        <translation>無法啟動閘道：%1</translation>
    </message>
    <message>
        <source>This request needs the token from the last step as &apos;Authorization: Bearer&apos;.</source>
        <translation>此請求需以 &apos;Authorization: Bearer&apos; 附帶上一步的權杖。</translation>
    </message>
    <message>
        <source>There is no such endpoint.</source>
        <translation>不存在此端點。</translation>
    </message>
    <message>
        <source>This endpoint does not take that method.</source>
        <translation>此端點不支援該方法。</translation>
    </message>
    <message>
        <source>The request body is over %1 bytes.</source>
        <translation>請求本文超過 %1 位元組。</translation>
    </message>
    <message>
        <source>The device request signature is missing, stale or wrong.</source>
        <translation>設備請求的簽章缺失、已過時或不正確。</translation>
    </message>
    <message>
        <source>The device signature does not verify.</source>
        <translation>設備簽章驗證失敗。</translation>
    </message>
    <message>
        <source>This signed device request was already used. Sign each request anew.</source>
        <translation>此已簽署的設備請求已被使用。請為每個請求重新簽署。</translation>
    </message>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>The gateway&apos;s reply is not the SLS protocol. Nothing more was sent.</source>
        <translation>閘道的回覆不符合 SLS 協定。未再傳送任何資料。</translation>
    </message>
    <message>
        <source>The login stopped because of an internal error in this client.</source>
        <translation>此用戶端發生內部錯誤，登錄已停止。</translation>
    </message>
    <message>
        <source>IB Key</source>
        <translation>IB Key</translation>
    </message>
    <message>
        <source>Login failed: that is not the response of your IB Key app to this challenge. Type the new challenge into the app&apos;s Authenticate screen, then enter the response it shows.</source>
        <translation>登錄失敗：這不是您的 IB Key 應用程式針對此挑戰碼產生的回應碼。請將新的挑戰碼輸入應用程式的「驗證」畫面，再輸入其顯示的回應碼。</translation>
    </message>
    <message>
        <source>Login failed: that response came from your IB Key app on another phone (…%1); this challenge is for your IB Key app …%2. Answer the new challenge with that one.</source>
        <translation>登錄失敗：此回應碼來自您另一支手機(…%1)上的 IB Key 應用程式；此挑戰碼對應的是 IB Key 應用程式 …%2。請用該應用程式回應新的挑戰碼。</translation>
    </message>
    <message>
        <source>Digital Security Card+ (DSC+)</source>
        <translation>數字安全卡+(DSC+)</translation>
    </message>
    <message>
        <source>Login failed: that is not the response of your DSC+ (serial …%1) to this challenge. Check the device, then answer the new challenge.</source>
        <translation>登錄失敗：這不是您的 DSC+(序列號 …%1)針對此挑戰碼產生的回應碼。請檢查設備，然後回應新的挑戰碼。</translation>
    </message>
    <message>
        <source>Login failed: that response came from your other DSC+ (serial …%1); this challenge is for your DSC+ with serial …%2. Answer the new challenge with that one.</source>
        <translation>登錄失敗：此回應碼來自您的另一台 DSC+(序列號 …%1)；此挑戰碼對應的是序列號為 …%2 的 DSC+。請用該設備回應新的挑戰碼。</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>安全密碼卡</translation>
    </message>
    <message>
        <source>Login failed: those are not the codes of your Security Code Card (serial …%1) at the two index values shown. Check the card, then enter the codes at the new index values.</source>
        <translation>登錄失敗：這些不是您的安全密碼卡(序列號 …%1)上所示兩個卡片序號對應的密碼。請檢查卡片，然後輸入新卡片序號對應的密碼。</translation>
    </message>
    <message>
        <source>Login failed: those codes came from your Security Code Card (serial …%1); this challenge is for your card with serial …%2. Enter that card&apos;s codes at the new index values.</source>
        <translation>登錄失敗：這些密碼來自您的安全密碼卡(序列號 …%1)；此次驗證對應的是序列號為 …%2 的卡片。請輸入該卡片上新卡片序號對應的密碼。</translation>
    </message>
    <message>
        <source>Online Security Code Card</source>
        <translation>在線安全密碼卡</translation>
    </message>
    <message>
        <source>Login failed: those are not the codes of your Online Security Code Card (serial …%1) at the two index values shown. Check the card you printed, then enter the codes at the new index values.</source>
        <translation>登錄失敗：這些不是您的在線安全密碼卡(序列號 …%1)上所示兩個卡片序號對應的密碼。請檢查您列印的卡片，然後輸入新卡片序號對應的密碼。</translation>
    </message>
    <message>
        <source>Login failed: those codes came from your Online Security Code Card (serial …%1); this challenge is for your card with serial …%2. Enter that card&apos;s codes at the new index values.</source>
        <translation>登錄失敗：這些密碼來自您的在線安全密碼卡(序列號 …%1)；此次驗證對應的是序列號為 …%2 的卡片。請輸入該卡片上新卡片序號對應的密碼。</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Login failed: that is not the code last texted to %1. Check the newest message (a new code voids the earlier ones), then type its code.</source>
        <translation>登錄失敗：這不是最近一次以簡訊傳送至 %1 的安全碼。請查看最新一則簡訊(新的安全碼會使之前的安全碼失效)，然後輸入其中的安全碼。</translation>
    </message>
    <message>
        <source>Login failed: that is not the code read out in the last call to %1. Type the code of the latest call, or ask for a new code.</source>
        <translation>登錄失敗：這不是最近一次致電 %1 時讀出的安全碼。請輸入最近一次來電中的安全碼，或索取新的安全碼。</translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation>臨時碼</translation>
    </message>
    <message>
        <source>Login failed: that is not your temporary passcode. Type it exactly as Client Services gave it to you.</source>
        <translation>登錄失敗：這不是您的臨時碼。請完全按照客戶服務提供的內容輸入。</translation>
    </message>
    <message>
        <source>Read only: market data and portfolio; no trading, no withdrawals.</source>
        <translation>唯讀：僅可查看行情和投資組合；不可交易、不可取款。</translation>
    </message>
    <message>
        <source>Temporary passcode: withdrawals and changes to your information are restricted.</source>
        <translation>臨時碼：取款及信息更改受到限制。</translation>
    </message>
    <message>
        <source>Opted out of the Secure Login System: no Pink Sheet or OTCBB trading.</source>
        <translation>已退出安全登錄系統：不可交易粉紅單 (Pink Sheet) 或 OTCBB 股票。</translation>
    </message>
    <message>
        <source>Penny stocks need an IP restriction when only the portal uses two-factor login.</source>
        <translation>僅客戶端門戶使用雙重驗證登錄時，交易低價股須設定 IP 限制。</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>正在登錄…</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space at the start.</source>
        <translation>BAD CHARACTER:用戶名只能包含小寫字母 a-z 和數字 0-9。開頭有空格。</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space at the end.</source>
        <translation>BAD CHARACTER:用戶名只能包含小寫字母 a-z 和數字 0-9。結尾有空格。</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space after &quot;%1&quot;.</source>
        <translation>BAD CHARACTER:用戶名只能包含小寫字母 a-z 和數字 0-9。&quot;%1&quot; 後面有空格。</translation>
    </message>
    <message>
        <source>This is a paper trading user name. Choose &quot;Paper trading&quot; to log in.</source>
        <translation>這是模擬交易用戶名。請選擇「模擬交易」以登錄。</translation>
    </message>
    <message>
        <source>This is a live trading user name. Choose &quot;Live trading&quot; to log in; paper trading has its own user name.</source>
        <translation>這是實盤交易用戶名。請選擇「實盤交易」以登錄；模擬交易有其專用的用戶名。</translation>
    </message>
    <message>
        <source>Login failed: that is the answer to the previous challenge, which a new one replaced. Answer the challenge shown now.</source>
        <translation>登錄失敗：這是對上一個挑戰碼的回應，該挑戰碼已被新的取代。請回應目前顯示的挑戰碼。</translation>
    </message>
    <message>
        <source>This connection to the gateway is closed.</source>
        <translation>與閘道的此連線已關閉。</translation>
    </message>
    <message>
        <source>Attempts left before this user name is locked for 24 hours: %1.</source>
        <translation>此用戶名被鎖定 24 小時前的剩餘嘗試次數：%1。</translation>
    </message>
    <message>
        <source>Stopped before another attempt: %1 failed attempts in a row for this user name from this computer (--max-attempts %2). Check the password and the device, then log in by hand.</source>
        <translation>已在下一次嘗試前停止：本機以此用戶名連續失敗 %1 次(--max-attempts %2)。請檢查密碼和設備，然後手動登錄。</translation>
    </message>
    <message>
        <source>Login failed: the number picked on your phone was not the number shown here. A new notification was sent: pick the number this page shows.</source>
        <translation>登錄失敗：您在手機上選擇的數字與此處顯示的數字不符。已傳送新的通知：請選擇此頁面顯示的數字。</translation>
    </message>
    <message>
        <source>Login failed: this login was reported on your phone as not yours. If it was you after all, log in again; if not, change your password and call Client Services.</source>
        <translation>登錄失敗：此次登錄已在您的手機上被回報為非本人操作。如果確實是您本人，請重新登錄；如果不是，請變更密碼並致電客戶服務。</translation>
    </message>
    <message>
        <source>No restart without the second factor: this computer&apos;s restart grant expired at %1 (the weekly cut-off). Log in with your second factor.</source>
        <translation>無法免第二重驗證重新啟動：本機的重新啟動授權已於 %1(每週截止時間)到期。請使用第二重驗證登錄。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the restart grant was revoked at the desk at %1. Log in with your second factor.</source>
        <translation>無法免第二重驗證重新啟動：重新啟動授權已於 %1 由服務台撤銷。請使用第二重驗證登錄。</translation>
    </message>
    <message>
        <source>No restart without the second factor: this computer was forgotten at a logout at %1. Log in with your second factor.</source>
        <translation>無法免第二重驗證重新啟動：%1 登出時已選擇不再記住本機。請使用第二重驗證登錄。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the password was changed at %1. Log in with your second factor.</source>
        <translation>無法免第二重驗證重新啟動：密碼已於 %1 變更。請使用第二重驗證登錄。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the security devices of this user name changed at %1. Log in with your second factor.</source>
        <translation>無法免第二重驗證重新啟動：此用戶名的安全設備已於 %1 變更。請使用第二重驗證登錄。</translation>
    </message>
    <message>
        <source>No restart without the second factor: another computer was allowed to restart at %1, and only one can be. Log in with your second factor.</source>
        <translation>無法免第二重驗證重新啟動：已於 %1 授權另一部電腦重新啟動，而授權僅限一部電腦。請使用第二重驗證登錄。</translation>
    </message>
    <message>
        <source>No restart without the second factor: this device key is not the one registered for this user name. Log in with your second factor.</source>
        <translation>無法免第二重驗證重新啟動：此設備金鑰不是此用戶名登記的金鑰。請使用第二重驗證登錄。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the gateway has no restart grant for this computer. Log in with your second factor.</source>
        <translation>無法免第二重驗證重新啟動：閘道沒有本機的重新啟動授權。請使用第二重驗證登錄。</translation>
    </message>
    <message>
        <source>This computer holds no restart key for %1: log in with your second factor.</source>
        <translation>本機沒有 %1 的重新啟動金鑰：請使用第二重驗證登錄。</translation>
    </message>
    <message>
        <source>The restart without the second factor can only be allowed after a full login with a security device, not in a read-only, paper, temporary-passcode or restarted session.</source>
        <translation>免第二重驗證重新啟動僅能在使用安全設備完整登錄後授權；唯讀、模擬交易、臨時碼或經重新啟動開啟的工作階段皆不可。</translation>
    </message>
    <message>
        <source>This gateway does not allow restarts without the second factor.</source>
        <translation>此閘道不允許免第二重驗證重新啟動。</translation>
    </message>
    <message>
        <source>This computer&apos;s keychain failed, so its restart without the second factor could not be changed. Try again, or log out with &quot;Forget this computer&quot;.</source>
        <translation>本機的鑰匙圈發生錯誤，因此無法變更免第二重驗證重新啟動的設定。請重試，或勾選「不再記住本機」後登出。</translation>
    </message>
    <message>
        <source>This computer&apos;s restart key for %1 is damaged or cannot be read from the keychain: log in with your second factor (allowing the restart again makes a new key).</source>
        <translation>本機 %1 的重新啟動金鑰已損壞或無法從鑰匙圈讀取：請使用第二重驗證登錄(再次授權重新啟動時會建立新金鑰)。</translation>
    </message>
    <message>
        <source>The attempt log %1 %2: the failed attempts cannot be counted, so nothing was sent. Delete the file to start afresh.</source>
        <translation>嘗試記錄檔 %1 無法使用(%2)：無法計算失敗的嘗試次數，因此未傳送任何資料。請刪除該檔案以重新開始。</translation>
    </message>
    <message>
        <source>Logging out…</source>
        <translation>正在登出…</translation>
    </message>
    <message>
        <source>Contacting your device…</source>
        <translation>正在聯絡您的設備…</translation>
    </message>
    <message>
        <source>Checking the response…</source>
        <translation>正在檢查回應…</translation>
    </message>
    <message>
        <source>Asking for a challenge…</source>
        <translation>正在請求挑戰碼…</translation>
    </message>
    <message>
        <source>Sending a new code…</source>
        <translation>正在傳送新的安全碼…</translation>
    </message>
    <message>
        <source>Opening a read-only session…</source>
        <translation>正在開啟唯讀工作階段…</translation>
    </message>
    <message>
        <source>Taking over the session…</source>
        <translation>正在接管工作階段…</translation>
    </message>
    <message>
        <source>Keeping the other session…</source>
        <translation>正在保留另一個工作階段…</translation>
    </message>
    <message>
        <source>Restarting without the second factor…</source>
        <translation>正在免第二重驗證重新啟動…</translation>
    </message>
    <message>
        <source>Starting the gateway…</source>
        <translation>正在啟動閘道…</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1.</source>
        <translation>BAD CHARACTER:用戶名只能包含小寫字母 a-z 和數字 0-9。發現無效字元 %1。</translation>
    </message>
    <message>
        <source>The gateway is not running or cannot be reached at %1.</source>
        <translation>閘道未執行，或無法透過 %1 連線。</translation>
    </message>
    <message>
        <source>The gateway did not answer within %1 s.</source>
        <translation>閘道未在 %1 秒內回應。</translation>
    </message>
    <message>
        <source>The gateway failed with an internal fault (HTTP %1). Please try again.</source>
        <translation>閘道發生內部故障 (HTTP %1)。請重試。</translation>
    </message>
    <message>
        <source>Too many login requests from this address. Try again in %1 s.</source>
        <translation>來自此位址的登錄請求過多。請在 %1 秒後重試。</translation>
    </message>
    <message>
        <source>Please wait %1 s before asking for a new code.</source>
        <translation>請等待 %1 秒後再索取新的安全碼。</translation>
    </message>
    <message>
        <source>Logged out here; the gateway could not be told: %1</source>
        <translation>已在此登出；無法通知閘道：%1</translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>驗證器應用程式</translation>
    </message>
    <message>
        <source>Login failed: that is not a current code of your authenticator app. Type the code the app shows now; if this repeats, set the phone&apos;s clock to automatic.</source>
        <translation>登錄失敗：這不是您的驗證器應用程式目前的安全碼。請輸入應用程式現在顯示的安全碼；如果問題重複出現，請將手機時間設定為自動。</translation>
    </message>
    <message>
        <source>The authenticator code is 6 digits, as your authenticator app shows it.</source>
        <translation>驗證器應用程式中的安全碼為 6 位數字。</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>安全金鑰</translation>
    </message>
    <message>
        <source>Login failed: the gateway refused your security key&apos;s answer. Touch your key again; if this repeats, use another key you registered or call Client Services.</source>
        <translation>登錄失敗：閘道拒絕了您安全金鑰的回應。請再次輕觸金鑰；如果問題重複出現，請改用您註冊的另一把金鑰，或致電客戶服務。</translation>
    </message>
    <message>
        <source>Login failed: your security key&apos;s signature counter did not go up, as happens when a key has been copied. Use another key you registered, and call Client Services.</source>
        <translation>登錄失敗：您安全金鑰的簽章計數器沒有增加，金鑰遭複製時就會如此。請改用您註冊的另一把金鑰，並致電客戶服務。</translation>
    </message>
    <message>
        <source>Login failed: that is not the enrolment code Client Services gave you. Check it and type it again.</source>
        <translation>登錄失敗：這不是客戶服務提供給您的綁定碼。請檢查後重新輸入。</translation>
    </message>
    <message>
        <source>The enrolment code is 12 letters and digits, as Client Services gave it; the hyphens may be left out.</source>
        <translation>綁定碼為 12 個字母和數字，與客戶服務提供的相同；連字號可省略。</translation>
    </message>
    <message>
        <source>No security key found. Plug in your security key and try again.</source>
        <translation>找不到安全金鑰。請插入您的安全金鑰後重試。</translation>
    </message>
    <message>
        <source>Your security key was not touched in time. Try again when you are ready.</source>
        <translation>未在時限內輕觸安全金鑰。準備好後請重試。</translation>
    </message>
    <message>
        <source>This security key is not registered for this user name. Use a key you registered, or ask Client Services for an enrolment code to register this one.</source>
        <translation>此安全金鑰未註冊到此用戶名。請使用您已註冊的金鑰，或向客戶服務索取綁定碼以註冊此金鑰。</translation>
    </message>
    <message>
        <source>This security key is already registered for this user name. Log in with it, or register another key.</source>
        <translation>此安全金鑰已註冊到此用戶名。請用它登錄，或註冊另一把金鑰。</translation>
    </message>
    <message>
        <source>Wrong PIN for your security key: %1 tries left before the key locks it.</source>
        <translation>安全金鑰的 PIN 不正確：還可嘗試 %1 次，之後金鑰將鎖定 PIN。</translation>
    </message>
    <message>
        <source>Your security key&apos;s PIN is blocked. Use another key, or reset this one (that deletes its passkeys).</source>
        <translation>您安全金鑰的 PIN 已被鎖定。請改用另一把金鑰，或重設此金鑰(重設會刪除其中的通行金鑰)。</translation>
    </message>
    <message>
        <source>Three wrong PINs in a row: unplug your security key, plug it in again, and try again.</source>
        <translation>已連續三次輸入錯誤的 PIN：請拔出安全金鑰，重新插入後再試。</translation>
    </message>
    <message>
        <source>This virtual security key&apos;s passkeys are sealed with a keychain entry this computer no longer has, so it cannot sign. Use another key.</source>
        <translation>此虛擬安全金鑰的通行金鑰是以本機已不存在的鑰匙圈項目加密，因此無法簽署。請改用另一把金鑰。</translation>
    </message>
    <message>
        <source>Your security key reported an error (%1). Unplug it, plug it in again, and try again.</source>
        <translation>您的安全金鑰回報錯誤(%1)。請拔出金鑰，重新插入後再試。</translation>
    </message>
    <message>
        <source>The gateway asked for a passkey of %1, which is not the gateway this window is connected to. Nothing was signed.</source>
        <translation>閘道要求 %1 的通行金鑰，但這不是此視窗所連線的閘道。未簽署任何內容。</translation>
    </message>
    <message>
        <source>The gateway refused to register this security key: %1. Try again, or use another key.</source>
        <translation>閘道拒絕註冊此安全金鑰：%1。請重試，或改用另一把金鑰。</translation>
    </message>
    <message>
        <source>Waiting for your security key…</source>
        <translation>正在等待您的安全金鑰…</translation>
    </message>
    <message>
        <source>Registering your security key…</source>
        <translation>正在註冊您的安全金鑰…</translation>
    </message>
</context>
<context>
    <name>PhoneTab</name>
    <message>
        <source>A call is ringing</source>
        <translation>來電響鈴中</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n 則新簡訊</numerusform>
        </translation>
    </message>
    <message>
        <source>The phone&apos;s messages cannot be read.</source>
        <translation>無法讀取手機訊息。</translation>
    </message>
    <message>
        <source>{time}  Call from Trader Login</source>
        <translation>{time}  來自 Trader Login 的來電</translation>
    </message>
    <message>
        <source>{time}  SMS: {text}</source>
        <translation>{time}  簡訊：{text}</translation>
    </message>
    <message>
        <source>No messages yet.</source>
        <translation>尚無訊息。</translation>
    </message>
    <message>
        <source>A voice call. Answer it to hear the code.</source>
        <translation>語音來電。接聽即可聽到安全碼。</translation>
    </message>
    <message>
        <source>No call.</source>
        <translation>沒有來電。</translation>
    </message>
    <message>
        <source>Incoming call from Trader Login…</source>
        <translation>Trader Login 來電中…</translation>
    </message>
    <message>
        <source>Call from Trader Login.</source>
        <translation>來自 Trader Login 的來電。</translation>
    </message>
    <message>
        <source>This is Trader Login. Your security code is:</source>
        <translation>這裡是 Trader Login。您的安全碼是：</translation>
    </message>
    <message>
        <source>Play again</source>
        <translation>重新播放</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>簡訊</translation>
    </message>
    <message>
        <source>Voice call</source>
        <translation>語音來電</translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation>接聽(&amp;A)</translation>
    </message>
    <message>
        <source>Texts and calls are shown with the embedded gateway only.</source>
        <translation>僅在使用內嵌閘道時顯示簡訊和來電。</translation>
    </message>
</context>
<context>
    <name>RestartPanel</name>
    <message>
        <source>Restart without the second factor until %1</source>
        <translation>在 %1 前免第二重驗證重新啟動</translation>
    </message>
    <message>
        <source>Restart without the second factor until the weekly cut-off</source>
        <translation>在每週截止時間前免第二重驗證重新啟動</translation>
    </message>
    <message>
        <source>This session was opened by a restart without the second factor, allowed on this computer until %1.</source>
        <translation>此工作階段經由免第二重驗證重新啟動開啟，本機的授權有效至 %1。</translation>
    </message>
    <message>
        <source>This session was opened by a restart without the second factor.</source>
        <translation>此工作階段經由免第二重驗證重新啟動開啟。</translation>
    </message>
    <message>
        <source>This computer may restart without the second factor until %1.</source>
        <translation>本機在 %1 前可免第二重驗證重新啟動。</translation>
    </message>
    <message>
        <source>The restart without the second factor until %1 is held by %2.</source>
        <translation>%1 前免第二重驗證重新啟動的授權由 %2 持有。</translation>
    </message>
    <message>
        <source>another computer</source>
        <translation>另一部電腦</translation>
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
        <translation>新的卡片序號</translation>
    </message>
    <message>
        <source>Waiting for your approval on the phone… %1 left</source>
        <translation>正在等待您在手機上核准… 剩餘 %1</translation>
    </message>
    <message>
        <source>The notification expired without an answer.</source>
        <translation>通知已過期，未獲回應。</translation>
    </message>
    <message>
        <source>Number to pick on your phone: %1</source>
        <translation>要在手機上選擇的數字：%1</translation>
    </message>
    <message>
        <source>Pick this number on your phone</source>
        <translation>請在手機上選擇此數字</translation>
    </message>
    <message>
        <source>Time left to approve the login</source>
        <translation>核准登錄的剩餘時間</translation>
    </message>
    <message>
        <source>A notification was sent to your phone. Open it in IB Key, pick the number shown here and approve the login.</source>
        <translation>通知已傳送至您的手機。請在 IB Key 中開啟通知，選擇此處顯示的數字，並核准登錄。</translation>
    </message>
    <message>
        <source>No more codes can be sent for this login.</source>
        <translation>此次登錄無法再傳送安全碼。</translation>
    </message>
    <message numerus="yes">
        <source>A new code can be sent in %n second(s).</source>
        <translation>
            <numerusform>%n 秒後可傳送新的安全碼。</numerusform>
        </translation>
    </message>
    <message>
        <source>Send a new code by SMS</source>
        <translation>以簡訊傳送新安全碼</translation>
    </message>
    <message>
        <source>Call me with a new code</source>
        <translation>來電告知新安全碼</translation>
    </message>
    <message>
        <source>Security code by voice call</source>
        <translation>語音來電安全碼</translation>
    </message>
    <message>
        <source>Click here if you do not receive the notification</source>
        <translation>如果沒有收到通知，請按這裡</translation>
    </message>
    <message>
        <source>Send a new notification</source>
        <translation>重新傳送通知</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>screen reader: the new-challenge marker, the challenge</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Log In</source>
        <translation>登錄</translation>
    </message>
    <message>
        <source>Didn&apos;t receive a security code?</source>
        <translation>沒有收到安全碼?</translation>
    </message>
    <message>
        <source>IB Key</source>
        <translation>IB Key</translation>
    </message>
    <message>
        <source>Digital Security Card+</source>
        <translation>數字安全卡+</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>安全密碼卡</translation>
    </message>
    <message>
        <source>Online Security Code Card</source>
        <translation>在線安全密碼卡</translation>
    </message>
    <message>
        <source>Security code by SMS</source>
        <translation>SMS 安全碼</translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation>臨時碼</translation>
    </message>
    <message>
        <source>Second factor</source>
        <translation>第二重驗證</translation>
    </message>
    <message>
        <source>New challenge</source>
        <translation>新挑戰碼</translation>
    </message>
    <message>
        <source>&amp;Passcode</source>
        <translation>臨時碼(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Response</source>
        <translation>回應(&amp;R)</translation>
    </message>
    <message>
        <source>8-digit response</source>
        <translation>8 位數回應碼</translation>
    </message>
    <message>
        <source>6 characters, no space</source>
        <translation>6 個字元，不留空格</translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation>6 位數安全碼</translation>
    </message>
    <message>
        <source>Letters and digits</source>
        <translation>字母和數字</translation>
    </message>
    <message>
        <source>A notification was sent to your phone. Open it and approve the login in IB Key.</source>
        <translation>通知已傳送至您的手機。請開啟通知，並在 IB Key 中核准登錄。</translation>
    </message>
    <message>
        <source>In IB Key on your phone, tap Authenticate, enter this challenge and type the response:</source>
        <translation>在手機的 IB Key 中點按「驗證」,輸入此挑戰碼，再將回應碼輸入下方：</translation>
    </message>
    <message>
        <source>Press the button on your DSC+ until PIN&gt; shows, enter your PIN and press OK. At CHALLNG&gt; enter this challenge, press OK and type the response:</source>
        <translation>按 DSC+ 上的按鈕直到顯示 PIN&gt;,輸入您的 PIN 並按 OK。出現 CHALLNG&gt; 時輸入此挑戰碼，按 OK,再將回應碼輸入下方：</translation>
    </message>
    <message>
        <source>Find these two index values on your card and enter their codes one after the other, without a space:</source>
        <translation>在卡片上找到這兩個卡片序號，依序輸入對應的密碼，中間不留空格：</translation>
    </message>
    <message>
        <source>You will receive a call within a minute at %1. The call reads out your security code.</source>
        <translation>您將在一分鐘內於 %1 接到來電，來電會讀出您的安全碼。</translation>
    </message>
    <message>
        <source>A code was sent to %1. Enter it below.</source>
        <translation>安全碼已傳送至 %1。請在下方輸入。</translation>
    </message>
    <message>
        <source>Enter the temporary passcode Client Services gave you.</source>
        <translation>請輸入客戶服務提供給您的臨時碼。</translation>
    </message>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>%n 秒後更新安全碼</numerusform>
        </translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>驗證器應用程式</translation>
    </message>
    <message>
        <source>Open your authenticator app and enter the 6-digit code shown for Trader Login.</source>
        <translation>開啟驗證器應用程式，輸入其中為 Trader Login 顯示的 6 位數安全碼。</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>安全碼(&amp;C)</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s) left</source>
        <translation>
            <numerusform>剩餘 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>安全金鑰</translation>
    </message>
    <message>
        <source>Register a security key</source>
        <translation>註冊安全金鑰</translation>
    </message>
    <message>
        <source>Enter the enrolment code Client Services gave you. Then you register your key.</source>
        <translation>請輸入客戶服務提供給您的綁定碼，接著註冊您的金鑰。</translation>
    </message>
    <message>
        <source>Plug in the security key you want to register, name it if you like, then press Register and touch the key.</source>
        <translation>插入要註冊的安全金鑰，可視需要為其命名，然後按「註冊安全金鑰」並輕觸金鑰。</translation>
    </message>
    <message>
        <source>Touch your security key.</source>
        <translation>請輕觸您的安全金鑰。</translation>
    </message>
    <message>
        <source>If your key has a PIN, you will be asked for it.</source>
        <translation>如果您的金鑰設有 PIN，系統會要求您輸入。</translation>
    </message>
    <message>
        <source>&amp;Enrolment code</source>
        <translation>綁定碼(&amp;E)</translation>
    </message>
    <message>
        <source>12 letters and digits</source>
        <translation>12 個字母和數字</translation>
    </message>
    <message>
        <source>Key &amp;name (optional):</source>
        <translation>金鑰名稱(選填)(&amp;N):</translation>
    </message>
    <message>
        <source>e.g. blue YubiKey</source>
        <translation>例如：藍色 YubiKey</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重試</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>繼續</translation>
    </message>
    <message>
        <source>Time left to use your security key</source>
        <translation>使用安全金鑰的剩餘時間</translation>
    </message>
    <message>
        <source>Your security key asks for its &amp;PIN:</source>
        <translation>您的安全金鑰要求輸入 PIN(&amp;P):</translation>
    </message>
    <message numerus="yes">
        <source>%n try(s) left</source>
        <translation>
            <numerusform>還可嘗試 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>A key&apos;s name is at most {count} characters, with no control characters.</source>
        <translation>金鑰名稱最多 {count} 個字元，且不可包含控制字元。</translation>
    </message>
</context>
<context>
    <name>SecurityKeyTab</name>
    <message>
        <source>The security key could not be loaded.</source>
        <translation>無法載入安全金鑰。</translation>
    </message>
    <message>
        <source>Waiting for a touch — login by {user}</source>
        <translation>正在等待輕觸 — {user} 的登錄</translation>
    </message>
    <message>
        <source>No security key selected</source>
        <translation>未選擇安全金鑰</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>閒置</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>設定 PIN</translation>
    </message>
    <message>
        <source>PIN: set</source>
        <translation>PIN：已設定</translation>
    </message>
    <message>
        <source>PIN: none</source>
        <translation>PIN：無</translation>
    </message>
    <message>
        <source>Change PIN</source>
        <translation>變更 PIN</translation>
    </message>
    <message>
        <source>The security key waits for a touch.</source>
        <translation>安全金鑰正在等待輕觸。</translation>
    </message>
    <message>
        <source>Touched.</source>
        <translation>已輕觸。</translation>
    </message>
    <message>
        <source>PIN changed.</source>
        <translation>已變更 PIN。</translation>
    </message>
    <message>
        <source>PIN set.</source>
        <translation>已設定 PIN。</translation>
    </message>
    <message>
        <source>The key was unplugged and plugged in again.</source>
        <translation>已拔出並重新插入金鑰。</translation>
    </message>
    <message>
        <source>Passkey removed.</source>
        <translation>已移除通行金鑰。</translation>
    </message>
    <message>
        <source>The security key refused: {error}</source>
        <translation>安全金鑰拒絕了操作：{error}</translation>
    </message>
    <message>
        <source>Plays a FIDO2 security key plugged into this computer. When the login asks for the key, press Touch.</source>
        <translation>模擬插在本機上的 FIDO2 安全金鑰。登錄要求使用金鑰時，請按「輕觸」。</translation>
    </message>
    <message>
        <source>Touch</source>
        <translation>輕觸</translation>
    </message>
    <message>
        <source>&amp;Passkeys on this key:</source>
        <translation>此金鑰上的通行金鑰(&amp;P):</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>網站</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用戶名</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>建立時間</translation>
    </message>
    <message>
        <source>Sign count</source>
        <translation>簽章次數</translation>
    </message>
    <message>
        <source>Passkeys on this key</source>
        <translation>此金鑰上的通行金鑰</translation>
    </message>
    <message>
        <source>Passkey list columns</source>
        <translation>通行金鑰清單欄位</translation>
    </message>
    <message>
        <source>Remove passkey</source>
        <translation>移除通行金鑰</translation>
    </message>
    <message>
        <source>New P&amp;IN:</source>
        <translation>新 PIN(&amp;I):</translation>
    </message>
    <message>
        <source>Unplug and plug in again</source>
        <translation>拔出並重新插入</translation>
    </message>
    <message>
        <source>A PIN is at least {least} printable characters and at most {most} bytes.</source>
        <translation>PIN 須為至少 {least} 個可列印字元，且不超過 {most} 位元組。</translation>
    </message>
    <message>
        <source>C&amp;urrent PIN:</source>
        <translation>目前 PIN(&amp;U):</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Enter the key&apos;s current PIN first.</source>
        <translation>請先輸入金鑰目前的 PIN。</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重設</translation>
    </message>
    <message>
        <source>Reset key…</source>
        <translation>重設金鑰…</translation>
    </message>
    <message>
        <source>Reset the security key</source>
        <translation>重設安全金鑰</translation>
    </message>
    <message>
        <source>Reset the security key?</source>
        <translation>要重設安全金鑰嗎?</translation>
    </message>
    <message>
        <source>Resetting deletes the key&apos;s passkeys and its PIN. Its sites no longer accept it.</source>
        <translation>重設會刪除金鑰的通行金鑰及其 PIN，原本註冊的網站將不再接受此金鑰。</translation>
    </message>
    <message>
        <source>The key was reset.</source>
        <translation>已重設金鑰。</translation>
    </message>
    <message>
        <source>The key&apos;s PIN is blocked: only resetting the key makes it usable again.</source>
        <translation>金鑰的 PIN 已被鎖定：只有重設金鑰才能再次使用。</translation>
    </message>
    <message numerus="yes">
        <source>Wrong current PIN: %n try(s) left.</source>
        <translation>
            <numerusform>目前的 PIN 不正確：還可嘗試 %n 次。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionWindow</name>
    <message>
        <source>paper trading</source>
        <translation>模擬交易</translation>
    </message>
    <message>
        <source>live trading</source>
        <translation>實盤交易</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Paper trading: simulated orders, no real money.</source>
        <translation>模擬交易：模擬下單，不涉及真實資金。</translation>
    </message>
    <message>
        <source>None (read-only session)</source>
        <translation>無(唯讀工作階段)</translation>
    </message>
    <message>
        <source>None (password only)</source>
        <translation>無(僅密碼)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>無</translation>
    </message>
    <message>
        <source>Session ended</source>
        <translation>工作階段已結束</translation>
    </message>
    <message>
        <source>This session was taken over by a login elsewhere. It has ended here.</source>
        <translation>此工作階段已被其他地方的登錄接管，在此已結束。</translation>
    </message>
    <message>
        <source>This session has expired.</source>
        <translation>此工作階段已過期。</translation>
    </message>
    <message>
        <source>This session has ended.</source>
        <translation>此工作階段已結束。</translation>
    </message>
    <message>
        <source>Back to login</source>
        <translation>返回登錄</translation>
    </message>
    <message>
        <source>Trader Login — session</source>
        <translation>Trader Login — 工作階段</translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation>已登錄</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>個人</translation>
    </message>
    <message>
        <source>Joint</source>
        <translation>聯名</translation>
    </message>
    <message>
        <source>IRA</source>
        <translation>IRA</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1(%2)</translation>
    </message>
    <message>
        <source>Log out and close?</source>
        <translation>要登出並關閉嗎?</translation>
    </message>
    <message>
        <source>Log out?</source>
        <translation>要登出嗎?</translation>
    </message>
    <message>
        <source>Closing this window ends the session.</source>
        <translation>關閉此視窗將結束工作階段。</translation>
    </message>
    <message>
        <source>This ends the session.</source>
        <translation>這將結束工作階段。</translation>
    </message>
    <message>
        <source>Forget this computer (the next login needs the second factor)</source>
        <translation>不再記住本機(下次登錄需要第二重驗證)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>帳戶(&amp;A)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>設備</translation>
    </message>
    <message>
        <source>Withdrawal limits</source>
        <translation>取款限額</translation>
    </message>
    <message>
        <source>Restrictions</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Session expires</source>
        <translation>工作階段到期時間</translation>
    </message>
    <message>
        <source>Log Out</source>
        <translation>登出</translation>
    </message>
</context>
<context>
    <name>TotpTab</name>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>%n 秒後更新安全碼</numerusform>
        </translation>
    </message>
    <message>
        <source>Code copied.</source>
        <translation>已複製安全碼。</translation>
    </message>
    <message>
        <source>Hide setup key</source>
        <translation>隱藏設定金鑰</translation>
    </message>
    <message>
        <source>Show setup key</source>
        <translation>顯示設定金鑰</translation>
    </message>
    <message>
        <source>Plays an authenticator app: the code for the selected user changes every 30 seconds. Type it into the login window&apos;s Authenticator app page.</source>
        <translation>模擬驗證器應用程式：所選用戶的安全碼每 30 秒更換一次。請將其輸入登錄視窗的「驗證器應用程式」頁面。</translation>
    </message>
    <message>
        <source>Current code</source>
        <translation>目前安全碼</translation>
    </message>
    <message>
        <source>Time left for this code</source>
        <translation>此安全碼的剩餘時間</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>複製安全碼</translation>
    </message>
    <message>
        <source>Enrolment QR code</source>
        <translation>綁定 QR 碼</translation>
    </message>
    <message>
        <source>Scan with your phone&apos;s authenticator app to use it instead</source>
        <translation>用手機上的驗證器應用程式掃描，即可改用手機</translation>
    </message>
    <message>
        <source>Setup key</source>
        <translation>設定金鑰</translation>
    </message>
</context>
</TS>

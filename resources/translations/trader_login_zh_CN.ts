<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CardsTab</name>
    <message>
        <source>Not active yet. The first login with this card activates it; or activate it here, as the Client Portal does.</source>
        <translation>尚未激活。首次使用此卡片登录即可激活；也可以像在客户端门户中一样，在此激活。</translation>
    </message>
    <message>
        <source>Active: valid until {moment}. Nothing to activate.</source>
        <translation>已激活：有效期至 {moment}。无需激活。</translation>
    </message>
    <message>
        <source>Active. Nothing to activate.</source>
        <translation>已激活。无需激活。</translation>
    </message>
    <message>
        <source>This card no longer works ({status}).</source>
        <translation>此卡片已无法使用({status})。</translation>
    </message>
    <message>
        <source>New index values in the login window: {a} and {b}. The earlier ones no longer work.</source>
        <translation>登录窗口中的新卡片序号：{a} 和 {b}。之前的序号已失效。</translation>
    </message>
    <message>
        <source>The login window asks for the codes at index values {a} and {b}.</source>
        <translation>登录窗口要求输入卡片序号 {a} 和 {b} 对应的密码。</translation>
    </message>
    <message>
        <source>The card could not be saved: {why}</source>
        <translation>无法保存卡片：{why}</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
    <message>
        <source>The card could not be printed: {why}</source>
        <translation>无法打印卡片：{why}</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <source>Save card as PNG</source>
        <translation>将卡片保存为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Print card</source>
        <translation>打印卡片</translation>
    </message>
    <message>
        <source>Those are not the codes at index values {a} and {b} of this card. Try again.</source>
        <translation>这些不是此卡片序号 {a} 和 {b} 对应的密码。请重试。</translation>
    </message>
    <message>
        <source>This card&apos;s owner is not known: open it from the device list.</source>
        <translation>此卡片的持有人未知：请从设备列表打开。</translation>
    </message>
    <message>
        <source>Activating…</source>
        <translation>正在激活…</translation>
    </message>
    <message>
        <source>The card is active: valid for 21 days from now.</source>
        <translation>卡片已激活：自现在起 21 天内有效。</translation>
    </message>
    <message>
        <source>The activation failed.</source>
        <translation>激活失败。</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Save as PNG…</source>
        <translation>保存为 PNG(&amp;S)…</translation>
    </message>
    <message>
        <source>Code at &amp;index</source>
        <translation>序号对应的密码(&amp;I)</translation>
    </message>
    <message>
        <source>Activate this Online Security Code Card</source>
        <translation>激活此在线安全密码卡</translation>
    </message>
    <message>
        <source>Enter the codes at index values {a} and {b}. The card is then valid for 21 days.</source>
        <translation>输入卡片序号 {a} 和 {b} 对应的密码，卡片随即生效，有效期 21 天。</translation>
    </message>
    <message>
        <source>Code at {a}:</source>
        <translation>序号 {a} 的密码：</translation>
    </message>
    <message>
        <source>Code at {b}:</source>
        <translation>序号 {b} 的密码：</translation>
    </message>
    <message>
        <source>&amp;Activate</source>
        <translation>激活(&amp;A)</translation>
    </message>
    <message>
        <source>The card&apos;s grid of codes</source>
        <translation>卡片的密码表</translation>
    </message>
</context>
<context>
    <name>ClientServicesTab</name>
    <message>
        <source>Failed attempts: {n}</source>
        <translation>失败次数：{n}</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>锁定至 {time}</translation>
    </message>
    <message>
        <source>temporary passcode in use</source>
        <translation>正在使用临时码</translation>
    </message>
    <message>
        <source>Issued by the demo set-up. Not issued again until the device is reactivated.</source>
        <translation>由演示设置签发。设备重新激活前不会再次签发。</translation>
    </message>
    <message>
        <source>{user} is still locked: the desk could not unlock it.</source>
        <translation>{user} 仍处于锁定状态：服务台无法解锁。</translation>
    </message>
    <message>
        <source>{user} unlocked at {moment}.</source>
        <translation>{user} 已于 {moment} 解锁。</translation>
    </message>
    <message>
        <source>{kind} {id} ({status})</source>
        <translation>{kind} {id}({status})</translation>
    </message>
    <message>
        <source>Temporary passcode for {user}: tell it to the trader by telephone.</source>
        <translation>{user} 的临时码：请通过电话告知交易者。</translation>
    </message>
    <message>
        <source>{user}&apos;s device is active again; any temporary passcode and online card ended.</source>
        <translation>{user} 的设备已重新激活；所有临时码和在线安全密码卡均已失效。</translation>
    </message>
    <message>
        <source>Online Security Code Card {serial} issued: see the Cards tab to print and activate it.</source>
        <translation>已签发在线安全密码卡 {serial}:请到“卡片”标签页打印并激活。</translation>
    </message>
    <message>
        <source>The desk could not do that ({kind}).</source>
        <translation>服务台无法执行此操作({kind})。</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U):</translation>
    </message>
    <message>
        <source>Choose or type the trader&apos;s user name</source>
        <translation>选择或输入交易者的用户名</translation>
    </message>
    <message>
        <source>Lost or forgotten device</source>
        <translation>设备遗失或不在身边</translation>
    </message>
    <message>
        <source>Issue &amp;temporary passcode</source>
        <translation>签发临时码(&amp;T)</translation>
    </message>
    <message>
        <source>Issue &amp;Online Security Code Card</source>
        <translation>签发在线安全密码卡(&amp;O)</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>U&amp;nlock user name</source>
        <translation>解锁用户名(&amp;N)</translation>
    </message>
    <message>
        <source>Offered while the user name is locked after too many failed attempts.</source>
        <translation>用户名因失败次数过多被锁定时可用。</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>设备(&amp;V):</translation>
    </message>
    <message>
        <source>&amp;Reactivate device</source>
        <translation>重新激活设备(&amp;R)</translation>
    </message>
    <message>
        <source>The Client Services desk is part of the embedded gateway only.</source>
        <translation>客户服务台仅在使用内置网关时提供。</translation>
    </message>
</context>
<context>
    <name>CredentialsPage</name>
    <message>
        <source>Live trading</source>
        <translation>实盘交易</translation>
    </message>
    <message>
        <source>Paper trading</source>
        <translation>模拟交易</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Caps Lock is on</source>
        <translation>Caps Lock 已开启</translation>
    </message>
    <message>
        <source>&amp;Remember user name</source>
        <translation>记住用户名(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Log In</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Restart: no second factor needed while this computer&apos;s grant lasts</source>
        <translation>重启：本机授权有效期间无需第二重验证</translation>
    </message>
    <message>
        <source>Forgot user name or password?</source>
        <translation>忘记用户名或密码?</translation>
    </message>
    <message>
        <source>Forgotten user name or password, or a lost device: help is by telephone. Call Client Services; once they have confirmed who you are, they can reset your password or issue a temporary passcode so that you can log in today.</source>
        <translation>忘记用户名或密码，或设备遗失：请通过电话求助。请致电客户服务；确认您的身份后，他们可以重置您的密码或签发临时码，让您今天即可登录。</translation>
    </message>
    <message>
        <source>In this demo, Client Services is the “Client Services” tab of the Device emulators window: it issues temporary passcodes and unlocks user names.</source>
        <translation>在此演示中，客户服务即“设备模拟器”窗口中的“客户服务”标签页：可签发临时码并解锁用户名。</translation>
    </message>
    <message>
        <source>Open Client Services (demo)</source>
        <translation>打开客户服务(演示)</translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <source>%1 (paper)</source>
        <translation>%1(模拟)</translation>
    </message>
    <message>
        <source>Demo gateway: user names %1; password %2</source>
        <translation>演示网关：用户名 %1;密码 %2</translation>
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
        <translation>安全级别 %1</translation>
    </message>
    <message>
        <source>Choose a security device</source>
        <translation>选择安全设备</translation>
    </message>
    <message>
        <source>You have more than one active device. The most secure is listed first.</source>
        <translation>您有多个已激活的设备，安全性最高的排在最前。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Security devices</source>
        <translation>安全设备</translation>
    </message>
</context>
<context>
    <name>DevicePicker</name>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D):</translation>
    </message>
    <message>
        <source>Open device file…</source>
        <translation>打开设备文件…</translation>
    </message>
    <message>
        <source>No device yet: open a device file</source>
        <translation>尚无设备：请打开设备文件</translation>
    </message>
    <message>
        <source>Cannot read {path}: {why}</source>
        <translation>无法读取 {path}:{why}</translation>
    </message>
    <message>
        <source>{path} holds a {found}, not a {wanted}.</source>
        <translation>{path} 中是 {found},而不是 {wanted}。</translation>
    </message>
    <message>
        <source>Open device file</source>
        <translation>打开设备文件</translation>
    </message>
    <message>
        <source>Device files (*.json);;All files (*)</source>
        <translation>设备文件 (*.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>DscPlusTab</name>
    <message>
        <source>The device&apos;s state could not be saved: {why}</source>
        <translation>无法保存设备状态：{why}</translation>
    </message>
    <message>
        <source>New challenge in the login window: {challenge}. The earlier one no longer works.</source>
        <translation>登录窗口中的新挑战码：{challenge}。之前的挑战码已失效。</translation>
    </message>
    <message>
        <source>Challenge in the login window: {challenge}</source>
        <translation>登录窗口中的挑战码：{challenge}</translation>
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
        <translation>按钮(开机 / PIN)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>DSC+ display</source>
        <translation>DSC+ 显示屏</translation>
    </message>
    <message>
        <source>DSC+ keypad</source>
        <translation>DSC+ 键盘</translation>
    </message>
    <message>
        <source>Press ON until PIN&gt; shows, type the 4-digit PIN and OK; at CHALLNG&gt; type the 6-digit challenge from the login window and OK. The keyboard works too: digits, Enter, Space.</source>
        <translation>按 ON 直到显示 PIN&gt;,输入 4 位 PIN 并按 OK;出现 CHALLNG&gt; 时，输入登录窗口中的 6 位挑战码并按 OK。也可使用键盘：数字键、Enter、空格键。</translation>
    </message>
</context>
<context>
    <name>Emulators</name>
    <message>
        <source>Online Security Code Card</source>
        <translation>在线安全密码卡</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>安全密码卡</translation>
    </message>
    <message>
        <source>Serial {serial}</source>
        <translation>序列号 {serial}</translation>
    </message>
    <message>
        <source>Enter the codes at the two index values the login shows.</source>
        <translation>请输入登录时显示的两个卡片序号所对应的密码。</translation>
    </message>
    <message>
        <source>Keep this card safe. Client Services never asks for its codes.</source>
        <translation>请妥善保管此卡片。客户服务绝不会索要卡上的密码。</translation>
    </message>
    <message>
        <source>No card chosen</source>
        <translation>未选择卡片</translation>
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
        <translation>手机</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待处理</translation>
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
        <translation>临时码</translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>身份验证器应用</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>安全密钥</translation>
    </message>
</context>
<context>
    <name>EmulatorsWindow</name>
    <message>
        <source>The device files could not be read ({kind}).</source>
        <translation>无法读取设备文件({kind})。</translation>
    </message>
    <message>
        <source>The login of {user} waits for this device.</source>
        <translation>{user} 的登录正在等待此设备。</translation>
    </message>
    <message>
        <source>{title} ●</source>
        <translation>{title} ●</translation>
    </message>
    <message>
        <source>Device emulators</source>
        <translation>设备模拟器</translation>
    </message>
    <message>
        <source>DSC+</source>
        <translation>DSC+</translation>
    </message>
    <message>
        <source>IB Key phone</source>
        <translation>IB Key 手机</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Client Services</source>
        <translation>客户服务</translation>
    </message>
    <message>
        <source>Loading the devices…</source>
        <translation>正在加载设备…</translation>
    </message>
    <message>
        <source>Authenticator</source>
        <translation>身份验证器</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>安全密钥</translation>
    </message>
</context>
<context>
    <name>ExistingSessionPage</name>
    <message>
        <source>Already logged in</source>
        <translation>已在其他地方登录</translation>
    </message>
    <message>
        <source>This user name is already logged in elsewhere. Log in here and disconnect the other session?</source>
        <translation>此用户名已在其他地方登录。要在此登录并断开另一个会话吗?</translation>
    </message>
    <message>
        <source>Log in here</source>
        <translation>在此登录</translation>
    </message>
    <message>
        <source>Keep the other session</source>
        <translation>保留另一个会话</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
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
        <translation>此用户名因失败次数过多已被锁定。请致电客户服务解锁。</translation>
    </message>
    <message>
        <source>This user name is locked after too many failed attempts, until %1 (%2 from now). Client Services can unlock it sooner.</source>
        <translation>此用户名因失败次数过多已被锁定至 %1(还有 %2)。客户服务可提前解锁。</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>None allowed</source>
        <translation>不允许</translation>
    </message>
    <message>
        <source>USD %1</source>
        <translation>%1 美元</translation>
    </message>
    <message>
        <source>No withdrawals allowed</source>
        <translation>不允许取款</translation>
    </message>
    <message>
        <source>Per day: %1
Per 5 business days: %2</source>
        <translation>每日：%1
每 5 个工作日：%2</translation>
    </message>
</context>
<context>
    <name>IbKeyTab</name>
    <message>
        <source>New challenge in the login window: {challenge}. The earlier one no longer works.</source>
        <translation>登录窗口中的新挑战码：{challenge}。之前的挑战码已失效。</translation>
    </message>
    <message>
        <source>Challenge in the login window: {challenge}</source>
        <translation>登录窗口中的挑战码：{challenge}</translation>
    </message>
    <message numerus="yes">
        <source>%n notification(s) waiting</source>
        <translation>
            <numerusform>%n 条通知等待处理</numerusform>
        </translation>
    </message>
    <message>
        <source>{time}  Login request for {user}</source>
        <translation>{time}  {user} 的登录请求</translation>
    </message>
    <message>
        <source>Waiting for the notification of {user}&apos;s login…</source>
        <translation>正在等待 {user} 登录的通知…</translation>
    </message>
    <message>
        <source>No notification. Log in with an IB Key user to receive one.</source>
        <translation>没有通知。使用 IB Key 用户登录即可收到通知。</translation>
    </message>
    <message>
        <source>User: {user}
{summary}
Sent: {time}</source>
        <translation>用户：{user}
{summary}
发送时间：{time}</translation>
    </message>
    <message>
        <source>Number {number}</source>
        <translation>数字 {number}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Approved. The login continues on the desktop by itself.</source>
        <translation>已批准。桌面端的登录将自动继续。</translation>
    </message>
    <message>
        <source>Reported. The login was refused, and the gateway recorded your report.</source>
        <translation>已报告。此次登录被拒绝，网关已记录您的报告。</translation>
    </message>
    <message>
        <source>Denied: {number} is not the number the login shows. The login was refused.</source>
        <translation>已拒绝：{number} 不是登录窗口显示的数字。此次登录被拒绝。</translation>
    </message>
    <message>
        <source>Denied. The login was refused.</source>
        <translation>已拒绝。此次登录被拒绝。</translation>
    </message>
    <message>
        <source>The gateway could not be reached ({kind}).</source>
        <translation>无法连接网关({kind})。</translation>
    </message>
    <message>
        <source>Choose an IB Key device first.</source>
        <translation>请先选择 IB Key 设备。</translation>
    </message>
    <message>
        <source>The challenge is 8 digits, as the login window shows it.</source>
        <translation>挑战码为 8 位数字，与登录窗口显示的一致。</translation>
    </message>
    <message>
        <source>Type this response into the login window.</source>
        <translation>请将此响应码输入登录窗口。</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>批准(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>拒绝(&amp;D)</translation>
    </message>
    <message>
        <source>This &amp;wasn&apos;t me</source>
        <translation>不是我本人(&amp;W)</translation>
    </message>
    <message>
        <source>Deny this login and report it: you did not try to log in.</source>
        <translation>拒绝此次登录并报告：您并未尝试登录。</translation>
    </message>
    <message>
        <source>Pick the number the login window shows, then Approve:</source>
        <translation>请选择登录窗口显示的数字，然后点击“批准”：</translation>
    </message>
    <message>
        <source>Authenticate</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>&amp;Challenge:</source>
        <translation>挑战码(&amp;C):</translation>
    </message>
    <message>
        <source>8 digits from the login window</source>
        <translation>登录窗口中的 8 位数字</translation>
    </message>
    <message>
        <source>&amp;Generate response</source>
        <translation>生成响应码(&amp;G)</translation>
    </message>
    <message>
        <source>Response:</source>
        <translation>响应码：</translation>
    </message>
    <message>
        <source>Notifications need a gateway to poll.</source>
        <translation>需要可轮询的网关才能接收通知。</translation>
    </message>
</context>
<context>
    <name>LoginHistoryPanel</name>
    <message>
        <source>First login recorded here</source>
        <translation>这是记录中的首次登录</translation>
    </message>
    <message>
        <source>an unknown address</source>
        <translation>未知地址</translation>
    </message>
    <message>
        <source>Last login: %1 from %2, a restart without the second factor</source>
        <translation>上次登录：%1，来自 %2，免第二重验证重启</translation>
    </message>
    <message>
        <source>the password only</source>
        <translation>仅密码</translation>
    </message>
    <message>
        <source>Last login: %1 from %2 with %3</source>
        <translation>上次登录：%1，来自 %2，使用 %3</translation>
    </message>
    <message>
        <source>No failed attempts since then</source>
        <translation>此后没有失败的尝试</translation>
    </message>
    <message>
        <source>No failed attempts before this login</source>
        <translation>本次登录前没有失败的尝试</translation>
    </message>
    <message>
        <source>Failed attempts since then: %1</source>
        <translation>此后失败次数：%1</translation>
    </message>
    <message>
        <source>Failed attempts before this login: %1</source>
        <translation>本次登录前失败次数：%1</translation>
    </message>
    <message>
        <source>wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <source>while locked</source>
        <translation>锁定期间的尝试</translation>
    </message>
    <message>
        <source>wrong second-factor response</source>
        <translation>第二重验证响应错误</translation>
    </message>
    <message>
        <source>authenticator code used before</source>
        <translation>身份验证器安全码已被使用</translation>
    </message>
    <message>
        <source>security key check failed</source>
        <translation>安全密钥检查失败</translation>
    </message>
    <message>
        <source>notification denied on the phone</source>
        <translation>已在手机上拒绝通知</translation>
    </message>
    <message>
        <source>wrong number picked on the phone</source>
        <translation>在手机上选错数字</translation>
    </message>
    <message>
        <source>reported on the phone as not yours</source>
        <translation>已在手机上报告并非本人</translation>
    </message>
    <message>
        <source>%1 from %2: %3</source>
        <translation>%1，来自 %2：%3</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>Gateway: built-in demo</source>
        <translation>网关：内置演示</translation>
    </message>
    <message>
        <source>The embedded demo gateway, running on this computer</source>
        <translation>在本机运行的内置演示网关</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>已固定</translation>
    </message>
    <message>
        <source>%1: certificate pinned by its SHA-256 fingerprint %2</source>
        <translation>%1：证书已按其 SHA-256 指纹 %2 固定</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已验证</translation>
    </message>
    <message>
        <source>%1: certificate verified against %2</source>
        <translation>%1：证书已通过 %2 验证</translation>
    </message>
    <message>
        <source>%1: certificate verified by the system&apos;s certificate authorities</source>
        <translation>%1：证书已由系统的证书颁发机构验证</translation>
    </message>
    <message>
        <source>Gateway: %1 · %2</source>
        <translation>网关：%1 · %2</translation>
    </message>
    <message>
        <source>Trader Login</source>
        <translation>Trader Login</translation>
    </message>
    <message>
        <source>Secure Login System</source>
        <translation>安全登录系统</translation>
    </message>
    <message>
        <source>Enter read only</source>
        <translation>以只读模式进入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Device emulators…</source>
        <translation>设备模拟器…</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>The demo gateway is still starting; try again in a moment.</source>
        <translation>演示网关仍在启动中，请稍后再试。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>User names are lower case. Is Caps Lock on?</source>
        <translation>用户名均为小写。是否开启了 Caps Lock?</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入您的用户名。</translation>
    </message>
    <message>
        <source>Invalid user name password combination</source>
        <translation>用户名和密码组合无效</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Caps Lock is on</source>
        <translation>Caps Lock 已开启</translation>
    </message>
    <message>
        <source>Login cancelled.</source>
        <translation>已取消登录。</translation>
    </message>
    <message>
        <source>The other session stays logged in.</source>
        <translation>另一个会话保持登录状态。</translation>
    </message>
    <message>
        <source>This session was disconnected because the user name logged in elsewhere.</source>
        <translation>此用户名已在其他地方登录，因此本会话已断开。</translation>
    </message>
    <message>
        <source>Choose one of the devices listed.</source>
        <translation>请从列出的设备中选择一个。</translation>
    </message>
    <message>
        <source>The challenge expired. Here is a new one.</source>
        <translation>挑战码已过期，这是新的挑战码。</translation>
    </message>
    <message>
        <source>The code expired. Ask for a new code.</source>
        <translation>安全码已过期。请获取新的安全码。</translation>
    </message>
    <message>
        <source>The notification expired. Send a new one, or use challenge/response.</source>
        <translation>通知已过期。请重新发送通知，或改用挑战码/响应码。</translation>
    </message>
    <message>
        <source>The temporary passcode has expired. Please call Client Services.</source>
        <translation>临时码已过期。请致电客户服务。</translation>
    </message>
    <message>
        <source>This login has expired or was already used. Please log in again.</source>
        <translation>此次登录已过期或已被使用。请重新登录。</translation>
    </message>
    <message>
        <source>This notification has expired or was already answered.</source>
        <translation>此通知已过期或已处理。</translation>
    </message>
    <message>
        <source>This session has ended. Please log in again.</source>
        <translation>此会话已结束。请重新登录。</translation>
    </message>
    <message>
        <source>The gateway failed to handle this request. Please try again.</source>
        <translation>网关未能处理此请求。请重试。</translation>
    </message>
    <message>
        <source>Logins for this user name are only allowed from the IP addresses set by the account&apos;s primary user.</source>
        <translation>此用户名仅允许从账户主用户设置的 IP 地址登录。</translation>
    </message>
    <message>
        <source>No security device is active for this user name. Please call Client Services: they can issue a temporary passcode.</source>
        <translation>此用户名没有已激活的安全设备。请致电客户服务：他们可以签发临时码。</translation>
    </message>
    <message>
        <source>This security device can no longer be used for this user name. Please log in again, or call Client Services.</source>
        <translation>此安全设备已不能用于此用户名。请重新登录，或致电客户服务。</translation>
    </message>
    <message>
        <source>This temporary passcode now only opens the Client Portal, where you can print an Online Security Code Card.</source>
        <translation>此临时码现在只能用于登录客户端门户，您可在其中打印在线安全密码卡。</translation>
    </message>
    <message>
        <source>No more codes can be sent for this login. Please log in again.</source>
        <translation>此次登录无法再发送安全码。请重新登录。</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1. It is a full-width character: switch the input method to half-width.</source>
        <translation>BAD CHARACTER:用户名只能包含小写字母 a-z 和数字 0-9。发现无效字符 %1。这是全角字符：请将输入法切换为半角。</translation>
    </message>
    <message>
        <source>This user name is locked after too many failed login attempts. Try again after %1, or call Client Services.</source>
        <translation>此用户名因登录失败次数过多已被锁定。请在 %1 之后重试，或致电客户服务。</translation>
    </message>
    <message>
        <source>This code was used already. Wait for the next code in your authenticator app.</source>
        <translation>此安全码已被使用。请等待身份验证器应用显示下一个安全码。</translation>
    </message>
    <message>
        <source>The DSC+ response is 8 digits.</source>
        <translation>DSC+ 响应码为 8 位数字。</translation>
    </message>
    <message>
        <source>The IB Key response is 8 digits.</source>
        <translation>IB Key 响应码为 8 位数字。</translation>
    </message>
    <message>
        <source>The security code is 6 digits.</source>
        <translation>安全码为 6 位数字。</translation>
    </message>
    <message>
        <source>Enter the two 3-character codes from your card, one after the other.</source>
        <translation>请连续输入卡片上的两组 3 位密码。</translation>
    </message>
    <message>
        <source>The temporary passcode is upper-case letters and digits.</source>
        <translation>临时码由大写字母和数字组成。</translation>
    </message>
    <message>
        <source>This user name is already logged in elsewhere. Log in here and disconnect the other session?</source>
        <translation>此用户名已在其他地方登录。要在此登录并断开另一个会话吗?</translation>
    </message>
    <message>
        <source>The gateway&apos;s database is busy or unreachable. Try again in %1 s.</source>
        <translation>网关的数据库繁忙或无法连接。请在 %1 秒后重试。</translation>
    </message>
    <message>
        <source>The gateway&apos;s certificate does not match the one this client trusts. Nothing was sent. If the gateway was set up again, trust its new certificate; otherwise someone may be intercepting the connection.</source>
        <translation>网关的证书与此客户端信任的证书不一致。未发送任何数据。如果网关已重新设置，请信任其新证书；否则可能有人正在拦截连接。</translation>
    </message>
    <message>
        <source>The gateway could not prove it knows your password verifier. It may not be the real gateway: nothing more was sent to it.</source>
        <translation>网关无法证明其知道您的密码验证器，可能不是真正的网关：未再向其发送任何数据。</translation>
    </message>
    <message>
        <source>The gateway asked for password hardening outside this client&apos;s safe bounds. Nothing was sent.</source>
        <translation>网关要求的密码加固参数超出此客户端的安全范围。未发送任何数据。</translation>
    </message>
    <message>
        <source>The gateway&apos;s reply is not the SLS protocol (%1). Check that %2 is an SLS gateway and that this client is up to date.</source>
        <translation>网关的回复不符合 SLS 协议(%1)。请确认 %2 是 SLS 网关，并且此客户端为最新版本。</translation>
    </message>
    <message>
        <source>The gateway refused the request as malformed: %1</source>
        <translation>网关以格式错误为由拒绝了请求：%1</translation>
    </message>
    <message>
        <source>The gateway could not be started: %1</source>
        <translation>无法启动网关：%1</translation>
    </message>
    <message>
        <source>This request needs the token from the last step as &apos;Authorization: Bearer&apos;.</source>
        <translation>此请求需以 &apos;Authorization: Bearer&apos; 附带上一步的令牌。</translation>
    </message>
    <message>
        <source>There is no such endpoint.</source>
        <translation>不存在此端点。</translation>
    </message>
    <message>
        <source>This endpoint does not take that method.</source>
        <translation>此端点不支持该方法。</translation>
    </message>
    <message>
        <source>The request body is over %1 bytes.</source>
        <translation>请求正文超过 %1 字节。</translation>
    </message>
    <message>
        <source>The device request signature is missing, stale or wrong.</source>
        <translation>设备请求的签名缺失、已过时或不正确。</translation>
    </message>
    <message>
        <source>The device signature does not verify.</source>
        <translation>设备签名验证失败。</translation>
    </message>
    <message>
        <source>This signed device request was already used. Sign each request anew.</source>
        <translation>此已签名的设备请求已被使用。请为每个请求重新签名。</translation>
    </message>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>The gateway&apos;s reply is not the SLS protocol. Nothing more was sent.</source>
        <translation>网关的回复不符合 SLS 协议。未再发送任何数据。</translation>
    </message>
    <message>
        <source>The login stopped because of an internal error in this client.</source>
        <translation>此客户端发生内部错误，登录已停止。</translation>
    </message>
    <message>
        <source>IB Key</source>
        <translation>IB Key</translation>
    </message>
    <message>
        <source>Login failed: that is not the response of your IB Key app to this challenge. Type the new challenge into the app&apos;s Authenticate screen, then enter the response it shows.</source>
        <translation>登录失败：这不是您的 IB Key 应用针对此挑战码生成的响应码。请将新的挑战码输入应用的“验证”界面，再输入其显示的响应码。</translation>
    </message>
    <message>
        <source>Login failed: that response came from your IB Key app on another phone (…%1); this challenge is for your IB Key app …%2. Answer the new challenge with that one.</source>
        <translation>登录失败：此响应码来自您另一部手机(…%1)上的 IB Key 应用；此挑战码对应的是 IB Key 应用 …%2。请用该应用回应新的挑战码。</translation>
    </message>
    <message>
        <source>Digital Security Card+ (DSC+)</source>
        <translation>数字安全卡+(DSC+)</translation>
    </message>
    <message>
        <source>Login failed: that is not the response of your DSC+ (serial …%1) to this challenge. Check the device, then answer the new challenge.</source>
        <translation>登录失败：这不是您的 DSC+(序列号 …%1)针对此挑战码生成的响应码。请检查设备，然后回应新的挑战码。</translation>
    </message>
    <message>
        <source>Login failed: that response came from your other DSC+ (serial …%1); this challenge is for your DSC+ with serial …%2. Answer the new challenge with that one.</source>
        <translation>登录失败：此响应码来自您的另一台 DSC+(序列号 …%1)；此挑战码对应的是序列号为 …%2 的 DSC+。请用该设备回应新的挑战码。</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>安全密码卡</translation>
    </message>
    <message>
        <source>Login failed: those are not the codes of your Security Code Card (serial …%1) at the two index values shown. Check the card, then enter the codes at the new index values.</source>
        <translation>登录失败：这些不是您的安全密码卡(序列号 …%1)上所示两个卡片序号对应的密码。请检查卡片，然后输入新卡片序号对应的密码。</translation>
    </message>
    <message>
        <source>Login failed: those codes came from your Security Code Card (serial …%1); this challenge is for your card with serial …%2. Enter that card&apos;s codes at the new index values.</source>
        <translation>登录失败：这些密码来自您的安全密码卡(序列号 …%1)；此次验证对应的是序列号为 …%2 的卡片。请输入该卡片上新卡片序号对应的密码。</translation>
    </message>
    <message>
        <source>Online Security Code Card</source>
        <translation>在线安全密码卡</translation>
    </message>
    <message>
        <source>Login failed: those are not the codes of your Online Security Code Card (serial …%1) at the two index values shown. Check the card you printed, then enter the codes at the new index values.</source>
        <translation>登录失败：这些不是您的在线安全密码卡(序列号 …%1)上所示两个卡片序号对应的密码。请检查您打印的卡片，然后输入新卡片序号对应的密码。</translation>
    </message>
    <message>
        <source>Login failed: those codes came from your Online Security Code Card (serial …%1); this challenge is for your card with serial …%2. Enter that card&apos;s codes at the new index values.</source>
        <translation>登录失败：这些密码来自您的在线安全密码卡(序列号 …%1)；此次验证对应的是序列号为 …%2 的卡片。请输入该卡片上新卡片序号对应的密码。</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Login failed: that is not the code last texted to %1. Check the newest message (a new code voids the earlier ones), then type its code.</source>
        <translation>登录失败：这不是最近一次以短信发送至 %1 的安全码。请查看最新一条短信(新的安全码会使之前的安全码失效)，然后输入其中的安全码。</translation>
    </message>
    <message>
        <source>Login failed: that is not the code read out in the last call to %1. Type the code of the latest call, or ask for a new code.</source>
        <translation>登录失败：这不是最近一次致电 %1 时读出的安全码。请输入最近一次来电中的安全码，或获取新的安全码。</translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation>临时码</translation>
    </message>
    <message>
        <source>Login failed: that is not your temporary passcode. Type it exactly as Client Services gave it to you.</source>
        <translation>登录失败：这不是您的临时码。请严格按照客户服务提供的内容输入。</translation>
    </message>
    <message>
        <source>Read only: market data and portfolio; no trading, no withdrawals.</source>
        <translation>只读：仅可查看行情和投资组合；不可交易、不可取款。</translation>
    </message>
    <message>
        <source>Temporary passcode: withdrawals and changes to your information are restricted.</source>
        <translation>临时码：取款及信息更改受到限制。</translation>
    </message>
    <message>
        <source>Opted out of the Secure Login System: no Pink Sheet or OTCBB trading.</source>
        <translation>已退出安全登录系统：不可交易粉单(Pink Sheet)或 OTCBB 股票。</translation>
    </message>
    <message>
        <source>Penny stocks need an IP restriction when only the portal uses two-factor login.</source>
        <translation>仅客户端门户使用双重验证登录时，交易低价股须设置 IP 限制。</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space at the start.</source>
        <translation>BAD CHARACTER:用户名只能包含小写字母 a-z 和数字 0-9。开头有空格。</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space at the end.</source>
        <translation>BAD CHARACTER:用户名只能包含小写字母 a-z 和数字 0-9。结尾有空格。</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space after &quot;%1&quot;.</source>
        <translation>BAD CHARACTER:用户名只能包含小写字母 a-z 和数字 0-9。&quot;%1&quot; 后面有空格。</translation>
    </message>
    <message>
        <source>This is a paper trading user name. Choose &quot;Paper trading&quot; to log in.</source>
        <translation>这是模拟交易用户名。请选择“模拟交易”以登录。</translation>
    </message>
    <message>
        <source>This is a live trading user name. Choose &quot;Live trading&quot; to log in; paper trading has its own user name.</source>
        <translation>这是实盘交易用户名。请选择“实盘交易”以登录；模拟交易有单独的用户名。</translation>
    </message>
    <message>
        <source>Login failed: that is the answer to the previous challenge, which a new one replaced. Answer the challenge shown now.</source>
        <translation>登录失败：这是对上一个挑战码的回应，该挑战码已被新的取代。请回应当前显示的挑战码。</translation>
    </message>
    <message>
        <source>This connection to the gateway is closed.</source>
        <translation>与网关的此连接已关闭。</translation>
    </message>
    <message>
        <source>Attempts left before this user name is locked for 24 hours: %1.</source>
        <translation>此用户名被锁定 24 小时前的剩余尝试次数：%1。</translation>
    </message>
    <message>
        <source>Stopped before another attempt: %1 failed attempts in a row for this user name from this computer (--max-attempts %2). Check the password and the device, then log in by hand.</source>
        <translation>已在下一次尝试前停止：本机以此用户名连续失败 %1 次(--max-attempts %2)。请检查密码和设备，然后手动登录。</translation>
    </message>
    <message>
        <source>Login failed: the number picked on your phone was not the number shown here. A new notification was sent: pick the number this page shows.</source>
        <translation>登录失败：您在手机上选择的数字与此处显示的数字不符。已发送新的通知：请选择此页面显示的数字。</translation>
    </message>
    <message>
        <source>Login failed: this login was reported on your phone as not yours. If it was you after all, log in again; if not, change your password and call Client Services.</source>
        <translation>登录失败：此次登录已在您的手机上被报告为非本人操作。如果确实是您本人，请重新登录；如果不是，请更改密码并致电客户服务。</translation>
    </message>
    <message>
        <source>No restart without the second factor: this computer&apos;s restart grant expired at %1 (the weekly cut-off). Log in with your second factor.</source>
        <translation>无法免第二重验证重启：本机的重启授权已于 %1(每周截止时间)到期。请使用第二重验证登录。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the restart grant was revoked at the desk at %1. Log in with your second factor.</source>
        <translation>无法免第二重验证重启：重启授权已于 %1 由服务台撤销。请使用第二重验证登录。</translation>
    </message>
    <message>
        <source>No restart without the second factor: this computer was forgotten at a logout at %1. Log in with your second factor.</source>
        <translation>无法免第二重验证重启：%1 退出登录时已选择不再记住本机。请使用第二重验证登录。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the password was changed at %1. Log in with your second factor.</source>
        <translation>无法免第二重验证重启：密码已于 %1 更改。请使用第二重验证登录。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the security devices of this user name changed at %1. Log in with your second factor.</source>
        <translation>无法免第二重验证重启：此用户名的安全设备已于 %1 更改。请使用第二重验证登录。</translation>
    </message>
    <message>
        <source>No restart without the second factor: another computer was allowed to restart at %1, and only one can be. Log in with your second factor.</source>
        <translation>无法免第二重验证重启：已于 %1 授权另一台电脑重启，而授权仅限一台电脑。请使用第二重验证登录。</translation>
    </message>
    <message>
        <source>No restart without the second factor: this device key is not the one registered for this user name. Log in with your second factor.</source>
        <translation>无法免第二重验证重启：此设备密钥不是此用户名登记的密钥。请使用第二重验证登录。</translation>
    </message>
    <message>
        <source>No restart without the second factor: the gateway has no restart grant for this computer. Log in with your second factor.</source>
        <translation>无法免第二重验证重启：网关没有本机的重启授权。请使用第二重验证登录。</translation>
    </message>
    <message>
        <source>This computer holds no restart key for %1: log in with your second factor.</source>
        <translation>本机没有 %1 的重启密钥：请使用第二重验证登录。</translation>
    </message>
    <message>
        <source>The restart without the second factor can only be allowed after a full login with a security device, not in a read-only, paper, temporary-passcode or restarted session.</source>
        <translation>免第二重验证重启仅能在使用安全设备完整登录后授权；只读、模拟交易、临时码或经重启打开的会话均不可。</translation>
    </message>
    <message>
        <source>This gateway does not allow restarts without the second factor.</source>
        <translation>此网关不允许免第二重验证重启。</translation>
    </message>
    <message>
        <source>This computer&apos;s keychain failed, so its restart without the second factor could not be changed. Try again, or log out with &quot;Forget this computer&quot;.</source>
        <translation>本机的钥匙串出错，因此无法更改免第二重验证重启的设置。请重试，或勾选“不再记住本机”后退出登录。</translation>
    </message>
    <message>
        <source>This computer&apos;s restart key for %1 is damaged or cannot be read from the keychain: log in with your second factor (allowing the restart again makes a new key).</source>
        <translation>本机 %1 的重启密钥已损坏或无法从钥匙串读取：请使用第二重验证登录(再次授权重启时会创建新密钥)。</translation>
    </message>
    <message>
        <source>The attempt log %1 %2: the failed attempts cannot be counted, so nothing was sent. Delete the file to start afresh.</source>
        <translation>尝试记录文件 %1 无法使用(%2)：无法统计失败的尝试次数，因此未发送任何数据。请删除该文件以重新开始。</translation>
    </message>
    <message>
        <source>Logging out…</source>
        <translation>正在退出登录…</translation>
    </message>
    <message>
        <source>Contacting your device…</source>
        <translation>正在联系您的设备…</translation>
    </message>
    <message>
        <source>Checking the response…</source>
        <translation>正在核对响应…</translation>
    </message>
    <message>
        <source>Asking for a challenge…</source>
        <translation>正在请求挑战码…</translation>
    </message>
    <message>
        <source>Sending a new code…</source>
        <translation>正在发送新的安全码…</translation>
    </message>
    <message>
        <source>Opening a read-only session…</source>
        <translation>正在打开只读会话…</translation>
    </message>
    <message>
        <source>Taking over the session…</source>
        <translation>正在接管会话…</translation>
    </message>
    <message>
        <source>Keeping the other session…</source>
        <translation>正在保留另一个会话…</translation>
    </message>
    <message>
        <source>Restarting without the second factor…</source>
        <translation>正在免第二重验证重启…</translation>
    </message>
    <message>
        <source>Starting the gateway…</source>
        <translation>正在启动网关…</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1.</source>
        <translation>BAD CHARACTER:用户名只能包含小写字母 a-z 和数字 0-9。发现无效字符 %1。</translation>
    </message>
    <message>
        <source>The gateway is not running or cannot be reached at %1.</source>
        <translation>网关未运行，或无法通过 %1 连接。</translation>
    </message>
    <message>
        <source>The gateway did not answer within %1 s.</source>
        <translation>网关未在 %1 秒内响应。</translation>
    </message>
    <message>
        <source>The gateway failed with an internal fault (HTTP %1). Please try again.</source>
        <translation>网关发生内部故障(HTTP %1)。请重试。</translation>
    </message>
    <message>
        <source>Too many login requests from this address. Try again in %1 s.</source>
        <translation>来自此地址的登录请求过多。请在 %1 秒后重试。</translation>
    </message>
    <message>
        <source>Please wait %1 s before asking for a new code.</source>
        <translation>请等待 %1 秒后再获取新的安全码。</translation>
    </message>
    <message>
        <source>Logged out here; the gateway could not be told: %1</source>
        <translation>已在此退出登录；无法通知网关：%1</translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>身份验证器应用</translation>
    </message>
    <message>
        <source>Login failed: that is not a current code of your authenticator app. Type the code the app shows now; if this repeats, set the phone&apos;s clock to automatic.</source>
        <translation>登录失败：这不是您的身份验证器应用当前的安全码。请输入应用现在显示的安全码；如果问题重复出现，请将手机时间设置为自动。</translation>
    </message>
    <message>
        <source>The authenticator code is 6 digits, as your authenticator app shows it.</source>
        <translation>身份验证器应用中的安全码为 6 位数字。</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>安全密钥</translation>
    </message>
    <message>
        <source>Login failed: the gateway refused your security key&apos;s answer. Touch your key again; if this repeats, use another key you registered or call Client Services.</source>
        <translation>登录失败：网关拒绝了您安全密钥的响应。请再次触摸密钥；如果问题重复出现，请改用您注册的另一个密钥，或致电客户服务。</translation>
    </message>
    <message>
        <source>Login failed: your security key&apos;s signature counter did not go up, as happens when a key has been copied. Use another key you registered, and call Client Services.</source>
        <translation>登录失败：您安全密钥的签名计数器没有增加，密钥被复制时就会出现这种情况。请改用您注册的另一个密钥，并致电客户服务。</translation>
    </message>
    <message>
        <source>Login failed: that is not the enrolment code Client Services gave you. Check it and type it again.</source>
        <translation>登录失败：这不是客户服务提供给您的绑定码。请检查后重新输入。</translation>
    </message>
    <message>
        <source>The enrolment code is 12 letters and digits, as Client Services gave it; the hyphens may be left out.</source>
        <translation>绑定码为 12 个字母和数字，与客户服务提供的一致；连字符可省略。</translation>
    </message>
    <message>
        <source>No security key found. Plug in your security key and try again.</source>
        <translation>未找到安全密钥。请插入您的安全密钥后重试。</translation>
    </message>
    <message>
        <source>Your security key was not touched in time. Try again when you are ready.</source>
        <translation>未在时限内触摸安全密钥。准备好后请重试。</translation>
    </message>
    <message>
        <source>This security key is not registered for this user name. Use a key you registered, or ask Client Services for an enrolment code to register this one.</source>
        <translation>此安全密钥未注册到此用户名。请使用您已注册的密钥，或向客户服务获取绑定码以注册此密钥。</translation>
    </message>
    <message>
        <source>This security key is already registered for this user name. Log in with it, or register another key.</source>
        <translation>此安全密钥已注册到此用户名。请用它登录，或注册另一个密钥。</translation>
    </message>
    <message>
        <source>Wrong PIN for your security key: %1 tries left before the key locks it.</source>
        <translation>安全密钥的 PIN 不正确：还可尝试 %1 次，之后密钥将锁定 PIN。</translation>
    </message>
    <message>
        <source>Your security key&apos;s PIN is blocked. Use another key, or reset this one (that deletes its passkeys).</source>
        <translation>您安全密钥的 PIN 已被锁定。请改用另一个密钥，或重置此密钥(重置会删除其中的通行密钥)。</translation>
    </message>
    <message>
        <source>Three wrong PINs in a row: unplug your security key, plug it in again, and try again.</source>
        <translation>已连续三次输入错误的 PIN：请拔出安全密钥，重新插入后再试。</translation>
    </message>
    <message>
        <source>This virtual security key&apos;s passkeys are sealed with a keychain entry this computer no longer has, so it cannot sign. Use another key.</source>
        <translation>此虚拟安全密钥的通行密钥是用本机已不存在的钥匙串条目加密的，因此无法签名。请改用另一个密钥。</translation>
    </message>
    <message>
        <source>Your security key reported an error (%1). Unplug it, plug it in again, and try again.</source>
        <translation>您的安全密钥报告了错误(%1)。请拔出密钥，重新插入后再试。</translation>
    </message>
    <message>
        <source>The gateway asked for a passkey of %1, which is not the gateway this window is connected to. Nothing was signed.</source>
        <translation>网关请求 %1 的通行密钥，但这不是此窗口所连接的网关。未签名任何内容。</translation>
    </message>
    <message>
        <source>The gateway refused to register this security key: %1. Try again, or use another key.</source>
        <translation>网关拒绝注册此安全密钥：%1。请重试，或改用另一个密钥。</translation>
    </message>
    <message>
        <source>Waiting for your security key…</source>
        <translation>正在等待您的安全密钥…</translation>
    </message>
    <message>
        <source>Registering your security key…</source>
        <translation>正在注册您的安全密钥…</translation>
    </message>
</context>
<context>
    <name>PhoneTab</name>
    <message>
        <source>A call is ringing</source>
        <translation>来电响铃中</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n 条新短信</numerusform>
        </translation>
    </message>
    <message>
        <source>The phone&apos;s messages cannot be read.</source>
        <translation>无法读取手机消息。</translation>
    </message>
    <message>
        <source>{time}  Call from Trader Login</source>
        <translation>{time}  来自 Trader Login 的来电</translation>
    </message>
    <message>
        <source>{time}  SMS: {text}</source>
        <translation>{time}  短信：{text}</translation>
    </message>
    <message>
        <source>No messages yet.</source>
        <translation>暂无消息。</translation>
    </message>
    <message>
        <source>A voice call. Answer it to hear the code.</source>
        <translation>语音来电。接听即可听到安全码。</translation>
    </message>
    <message>
        <source>No call.</source>
        <translation>没有来电。</translation>
    </message>
    <message>
        <source>Incoming call from Trader Login…</source>
        <translation>Trader Login 来电中…</translation>
    </message>
    <message>
        <source>Call from Trader Login.</source>
        <translation>来自 Trader Login 的来电。</translation>
    </message>
    <message>
        <source>This is Trader Login. Your security code is:</source>
        <translation>这里是 Trader Login。您的安全码是：</translation>
    </message>
    <message>
        <source>Play again</source>
        <translation>重新播放</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>Voice call</source>
        <translation>语音来电</translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation>接听(&amp;A)</translation>
    </message>
    <message>
        <source>Texts and calls are shown with the embedded gateway only.</source>
        <translation>仅在使用内置网关时显示短信和来电。</translation>
    </message>
</context>
<context>
    <name>RestartPanel</name>
    <message>
        <source>Restart without the second factor until %1</source>
        <translation>在 %1 前免第二重验证重启</translation>
    </message>
    <message>
        <source>Restart without the second factor until the weekly cut-off</source>
        <translation>在每周截止时间前免第二重验证重启</translation>
    </message>
    <message>
        <source>This session was opened by a restart without the second factor, allowed on this computer until %1.</source>
        <translation>此会话经由免第二重验证重启打开，本机的授权有效至 %1。</translation>
    </message>
    <message>
        <source>This session was opened by a restart without the second factor.</source>
        <translation>此会话经由免第二重验证重启打开。</translation>
    </message>
    <message>
        <source>This computer may restart without the second factor until %1.</source>
        <translation>本机在 %1 前可免第二重验证重启。</translation>
    </message>
    <message>
        <source>The restart without the second factor until %1 is held by %2.</source>
        <translation>%1 前免第二重验证重启的授权由 %2 持有。</translation>
    </message>
    <message>
        <source>another computer</source>
        <translation>另一台电脑</translation>
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
        <translation>新的卡片序号</translation>
    </message>
    <message>
        <source>Waiting for your approval on the phone… %1 left</source>
        <translation>正在等待您在手机上批准… 剩余 %1</translation>
    </message>
    <message>
        <source>The notification expired without an answer.</source>
        <translation>通知已过期，未获回应。</translation>
    </message>
    <message>
        <source>Number to pick on your phone: %1</source>
        <translation>要在手机上选择的数字：%1</translation>
    </message>
    <message>
        <source>Pick this number on your phone</source>
        <translation>请在手机上选择此数字</translation>
    </message>
    <message>
        <source>Time left to approve the login</source>
        <translation>批准登录的剩余时间</translation>
    </message>
    <message>
        <source>A notification was sent to your phone. Open it in IB Key, pick the number shown here and approve the login.</source>
        <translation>通知已发送至您的手机。请在 IB Key 中打开通知，选择此处显示的数字，并批准登录。</translation>
    </message>
    <message>
        <source>No more codes can be sent for this login.</source>
        <translation>此次登录无法再发送安全码。</translation>
    </message>
    <message numerus="yes">
        <source>A new code can be sent in %n second(s).</source>
        <translation>
            <numerusform>%n 秒后可发送新的安全码。</numerusform>
        </translation>
    </message>
    <message>
        <source>Send a new code by SMS</source>
        <translation>通过短信发送新安全码</translation>
    </message>
    <message>
        <source>Call me with a new code</source>
        <translation>来电告知新安全码</translation>
    </message>
    <message>
        <source>Security code by voice call</source>
        <translation>语音来电安全码</translation>
    </message>
    <message>
        <source>Click here if you do not receive the notification</source>
        <translation>如果没有收到通知，请点击此处</translation>
    </message>
    <message>
        <source>Send a new notification</source>
        <translation>重新发送通知</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>screen reader: the new-challenge marker, the challenge</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Log In</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Didn&apos;t receive a security code?</source>
        <translation>没有收到安全码?</translation>
    </message>
    <message>
        <source>IB Key</source>
        <translation>IB Key</translation>
    </message>
    <message>
        <source>Digital Security Card+</source>
        <translation>数字安全卡+</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>安全密码卡</translation>
    </message>
    <message>
        <source>Online Security Code Card</source>
        <translation>在线安全密码卡</translation>
    </message>
    <message>
        <source>Security code by SMS</source>
        <translation>SMS 安全码</translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation>临时码</translation>
    </message>
    <message>
        <source>Second factor</source>
        <translation>第二重验证</translation>
    </message>
    <message>
        <source>New challenge</source>
        <translation>新挑战码</translation>
    </message>
    <message>
        <source>&amp;Passcode</source>
        <translation>临时码(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Response</source>
        <translation>响应(&amp;R)</translation>
    </message>
    <message>
        <source>8-digit response</source>
        <translation>8 位响应码</translation>
    </message>
    <message>
        <source>6 characters, no space</source>
        <translation>6 个字符，不留空格</translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation>6 位安全码</translation>
    </message>
    <message>
        <source>Letters and digits</source>
        <translation>字母和数字</translation>
    </message>
    <message>
        <source>A notification was sent to your phone. Open it and approve the login in IB Key.</source>
        <translation>通知已发送至您的手机。请打开通知，并在 IB Key 中批准登录。</translation>
    </message>
    <message>
        <source>In IB Key on your phone, tap Authenticate, enter this challenge and type the response:</source>
        <translation>在手机的 IB Key 中点击“验证”,输入此挑战码，再将响应码输入下方：</translation>
    </message>
    <message>
        <source>Press the button on your DSC+ until PIN&gt; shows, enter your PIN and press OK. At CHALLNG&gt; enter this challenge, press OK and type the response:</source>
        <translation>按 DSC+ 上的按钮直到显示 PIN&gt;,输入您的 PIN 并按 OK。出现 CHALLNG&gt; 时输入此挑战码，按 OK,再将响应码输入下方：</translation>
    </message>
    <message>
        <source>Find these two index values on your card and enter their codes one after the other, without a space:</source>
        <translation>在卡片上找到这两个卡片序号，依次输入对应的密码，中间不留空格：</translation>
    </message>
    <message>
        <source>You will receive a call within a minute at %1. The call reads out your security code.</source>
        <translation>您将在一分钟内于 %1 接到来电，来电会读出您的安全码。</translation>
    </message>
    <message>
        <source>A code was sent to %1. Enter it below.</source>
        <translation>安全码已发送至 %1。请在下方输入。</translation>
    </message>
    <message>
        <source>Enter the temporary passcode Client Services gave you.</source>
        <translation>请输入客户服务提供给您的临时码。</translation>
    </message>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>%n 秒后更新安全码</numerusform>
        </translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>身份验证器应用</translation>
    </message>
    <message>
        <source>Open your authenticator app and enter the 6-digit code shown for Trader Login.</source>
        <translation>打开身份验证器应用，输入其中为 Trader Login 显示的 6 位安全码。</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>安全码(&amp;C)</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s) left</source>
        <translation>
            <numerusform>剩余 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>安全密钥</translation>
    </message>
    <message>
        <source>Register a security key</source>
        <translation>注册安全密钥</translation>
    </message>
    <message>
        <source>Enter the enrolment code Client Services gave you. Then you register your key.</source>
        <translation>请输入客户服务提供给您的绑定码，接着注册您的密钥。</translation>
    </message>
    <message>
        <source>Plug in the security key you want to register, name it if you like, then press Register and touch the key.</source>
        <translation>插入要注册的安全密钥，可根据需要为其命名，然后点击“注册安全密钥”并触摸密钥。</translation>
    </message>
    <message>
        <source>Touch your security key.</source>
        <translation>请触摸您的安全密钥。</translation>
    </message>
    <message>
        <source>If your key has a PIN, you will be asked for it.</source>
        <translation>如果您的密钥设有 PIN，系统会要求您输入。</translation>
    </message>
    <message>
        <source>&amp;Enrolment code</source>
        <translation>绑定码(&amp;E)</translation>
    </message>
    <message>
        <source>12 letters and digits</source>
        <translation>12 个字母和数字</translation>
    </message>
    <message>
        <source>Key &amp;name (optional):</source>
        <translation>密钥名称(可选)(&amp;N):</translation>
    </message>
    <message>
        <source>e.g. blue YubiKey</source>
        <translation>例如：蓝色 YubiKey</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Time left to use your security key</source>
        <translation>使用安全密钥的剩余时间</translation>
    </message>
    <message>
        <source>Your security key asks for its &amp;PIN:</source>
        <translation>您的安全密钥要求输入 PIN(&amp;P):</translation>
    </message>
    <message numerus="yes">
        <source>%n try(s) left</source>
        <translation>
            <numerusform>还可尝试 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>A key&apos;s name is at most {count} characters, with no control characters.</source>
        <translation>密钥名称最多 {count} 个字符，且不能包含控制字符。</translation>
    </message>
</context>
<context>
    <name>SecurityKeyTab</name>
    <message>
        <source>The security key could not be loaded.</source>
        <translation>无法加载安全密钥。</translation>
    </message>
    <message>
        <source>Waiting for a touch — login by {user}</source>
        <translation>正在等待触摸 — {user} 的登录</translation>
    </message>
    <message>
        <source>No security key selected</source>
        <translation>未选择安全密钥</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>设置 PIN</translation>
    </message>
    <message>
        <source>PIN: set</source>
        <translation>PIN：已设置</translation>
    </message>
    <message>
        <source>PIN: none</source>
        <translation>PIN：无</translation>
    </message>
    <message>
        <source>Change PIN</source>
        <translation>更改 PIN</translation>
    </message>
    <message>
        <source>The security key waits for a touch.</source>
        <translation>安全密钥正在等待触摸。</translation>
    </message>
    <message>
        <source>Touched.</source>
        <translation>已触摸。</translation>
    </message>
    <message>
        <source>PIN changed.</source>
        <translation>已更改 PIN。</translation>
    </message>
    <message>
        <source>PIN set.</source>
        <translation>已设置 PIN。</translation>
    </message>
    <message>
        <source>The key was unplugged and plugged in again.</source>
        <translation>已拔出并重新插入密钥。</translation>
    </message>
    <message>
        <source>Passkey removed.</source>
        <translation>已移除通行密钥。</translation>
    </message>
    <message>
        <source>The security key refused: {error}</source>
        <translation>安全密钥拒绝了操作：{error}</translation>
    </message>
    <message>
        <source>Plays a FIDO2 security key plugged into this computer. When the login asks for the key, press Touch.</source>
        <translation>模拟插在本机上的 FIDO2 安全密钥。登录要求使用密钥时，请点击“触摸”。</translation>
    </message>
    <message>
        <source>Touch</source>
        <translation>触摸</translation>
    </message>
    <message>
        <source>&amp;Passkeys on this key:</source>
        <translation>此密钥上的通行密钥(&amp;P):</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Sign count</source>
        <translation>签名次数</translation>
    </message>
    <message>
        <source>Passkeys on this key</source>
        <translation>此密钥上的通行密钥</translation>
    </message>
    <message>
        <source>Passkey list columns</source>
        <translation>通行密钥列表列</translation>
    </message>
    <message>
        <source>Remove passkey</source>
        <translation>移除通行密钥</translation>
    </message>
    <message>
        <source>New P&amp;IN:</source>
        <translation>新 PIN(&amp;I):</translation>
    </message>
    <message>
        <source>Unplug and plug in again</source>
        <translation>拔出并重新插入</translation>
    </message>
    <message>
        <source>A PIN is at least {least} printable characters and at most {most} bytes.</source>
        <translation>PIN 须为至少 {least} 个可打印字符，且不超过 {most} 字节。</translation>
    </message>
    <message>
        <source>C&amp;urrent PIN:</source>
        <translation>当前 PIN(&amp;U):</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Enter the key&apos;s current PIN first.</source>
        <translation>请先输入密钥当前的 PIN。</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Reset key…</source>
        <translation>重置密钥…</translation>
    </message>
    <message>
        <source>Reset the security key</source>
        <translation>重置安全密钥</translation>
    </message>
    <message>
        <source>Reset the security key?</source>
        <translation>要重置安全密钥吗?</translation>
    </message>
    <message>
        <source>Resetting deletes the key&apos;s passkeys and its PIN. Its sites no longer accept it.</source>
        <translation>重置会删除密钥的通行密钥及其 PIN，原先注册的网站将不再接受此密钥。</translation>
    </message>
    <message>
        <source>The key was reset.</source>
        <translation>已重置密钥。</translation>
    </message>
    <message>
        <source>The key&apos;s PIN is blocked: only resetting the key makes it usable again.</source>
        <translation>密钥的 PIN 已被锁定：只有重置密钥才能再次使用。</translation>
    </message>
    <message numerus="yes">
        <source>Wrong current PIN: %n try(s) left.</source>
        <translation>
            <numerusform>当前 PIN 不正确：还可尝试 %n 次。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionWindow</name>
    <message>
        <source>paper trading</source>
        <translation>模拟交易</translation>
    </message>
    <message>
        <source>live trading</source>
        <translation>实盘交易</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Paper trading: simulated orders, no real money.</source>
        <translation>模拟交易：模拟下单，不涉及真实资金。</translation>
    </message>
    <message>
        <source>None (read-only session)</source>
        <translation>无(只读会话)</translation>
    </message>
    <message>
        <source>None (password only)</source>
        <translation>无(仅密码)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Session ended</source>
        <translation>会话已结束</translation>
    </message>
    <message>
        <source>This session was taken over by a login elsewhere. It has ended here.</source>
        <translation>此会话已被其他地方的登录接管，在此已结束。</translation>
    </message>
    <message>
        <source>This session has expired.</source>
        <translation>此会话已过期。</translation>
    </message>
    <message>
        <source>This session has ended.</source>
        <translation>此会话已结束。</translation>
    </message>
    <message>
        <source>Back to login</source>
        <translation>返回登录</translation>
    </message>
    <message>
        <source>Trader Login — session</source>
        <translation>Trader Login — 会话</translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation>已登录</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Joint</source>
        <translation>联名</translation>
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
        <translation>要退出登录并关闭吗?</translation>
    </message>
    <message>
        <source>Log out?</source>
        <translation>要退出登录吗?</translation>
    </message>
    <message>
        <source>Closing this window ends the session.</source>
        <translation>关闭此窗口将结束会话。</translation>
    </message>
    <message>
        <source>This ends the session.</source>
        <translation>这将结束会话。</translation>
    </message>
    <message>
        <source>Forget this computer (the next login needs the second factor)</source>
        <translation>不再记住本机(下次登录需要第二重验证)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Withdrawal limits</source>
        <translation>取款限额</translation>
    </message>
    <message>
        <source>Restrictions</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Session expires</source>
        <translation>会话到期时间</translation>
    </message>
    <message>
        <source>Log Out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>TotpTab</name>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>%n 秒后更新安全码</numerusform>
        </translation>
    </message>
    <message>
        <source>Code copied.</source>
        <translation>已复制安全码。</translation>
    </message>
    <message>
        <source>Hide setup key</source>
        <translation>隐藏设置密钥</translation>
    </message>
    <message>
        <source>Show setup key</source>
        <translation>显示设置密钥</translation>
    </message>
    <message>
        <source>Plays an authenticator app: the code for the selected user changes every 30 seconds. Type it into the login window&apos;s Authenticator app page.</source>
        <translation>模拟身份验证器应用：所选用户的安全码每 30 秒更换一次。请将其输入登录窗口的“身份验证器应用”页面。</translation>
    </message>
    <message>
        <source>Current code</source>
        <translation>当前安全码</translation>
    </message>
    <message>
        <source>Time left for this code</source>
        <translation>此安全码的剩余时间</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>复制安全码</translation>
    </message>
    <message>
        <source>Enrolment QR code</source>
        <translation>绑定二维码</translation>
    </message>
    <message>
        <source>Scan with your phone&apos;s authenticator app to use it instead</source>
        <translation>用手机上的身份验证器应用扫描，即可改用手机</translation>
    </message>
    <message>
        <source>Setup key</source>
        <translation>设置密钥</translation>
    </message>
</context>
</TS>

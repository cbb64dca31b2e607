<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>CardsTab</name>
    <message>
        <source>Not active yet. The first login with this card activates it; or activate it here, as the Client Portal does.</source>
        <translation>Ещё не активна. Карта активируется при первом входе с ней; или активируйте её здесь, как на «Портале клиентов».</translation>
    </message>
    <message>
        <source>Active: valid until {moment}. Nothing to activate.</source>
        <translation>Активна: действует до {moment}. Активировать не нужно.</translation>
    </message>
    <message>
        <source>Active. Nothing to activate.</source>
        <translation>Активна. Активировать не нужно.</translation>
    </message>
    <message>
        <source>This card no longer works ({status}).</source>
        <translation>Эта карта больше не действует ({status}).</translation>
    </message>
    <message>
        <source>New index values in the login window: {a} and {b}. The earlier ones no longer work.</source>
        <translation>Новые индексы в окне входа: {a} и {b}. Прежние больше не действуют.</translation>
    </message>
    <message>
        <source>The login window asks for the codes at index values {a} and {b}.</source>
        <translation>Окно входа запрашивает коды для индексов {a} и {b}.</translation>
    </message>
    <message>
        <source>The card could not be saved: {why}</source>
        <translation>Не удалось сохранить карту: {why}</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>Сохранено: {name}.</translation>
    </message>
    <message>
        <source>The card could not be printed: {why}</source>
        <translation>Не удалось распечатать карту: {why}</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Отправлено на принтер.</translation>
    </message>
    <message>
        <source>Save card as PNG</source>
        <translation>Сохранить карту в PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Изображения PNG (*.png)</translation>
    </message>
    <message>
        <source>Print card</source>
        <translation>Печать карты</translation>
    </message>
    <message>
        <source>Those are not the codes at index values {a} and {b} of this card. Try again.</source>
        <translation>Это не коды для индексов {a} и {b} этой карты. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>This card&apos;s owner is not known: open it from the device list.</source>
        <translation>Владелец карты неизвестен: откройте её из списка устройств.</translation>
    </message>
    <message>
        <source>Activating…</source>
        <translation>Активация…</translation>
    </message>
    <message>
        <source>The card is active: valid for 21 days from now.</source>
        <translation>Карта активна и действует 21 день с этого момента.</translation>
    </message>
    <message>
        <source>The activation failed.</source>
        <translation>Активировать карту не удалось.</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Печать…</translation>
    </message>
    <message>
        <source>&amp;Save as PNG…</source>
        <translation>&amp;Сохранить в PNG…</translation>
    </message>
    <message>
        <source>Code at &amp;index</source>
        <translation>Код по &amp;индексу</translation>
    </message>
    <message>
        <source>Activate this Online Security Code Card</source>
        <translation>Активация онлайн-карты кодов безопасности</translation>
    </message>
    <message>
        <source>Enter the codes at index values {a} and {b}. The card is then valid for 21 days.</source>
        <translation>Введите коды для индексов {a} и {b}. После этого карта действует 21 день.</translation>
    </message>
    <message>
        <source>Code at {a}:</source>
        <translation>Код для {a}:</translation>
    </message>
    <message>
        <source>Code at {b}:</source>
        <translation>Код для {b}:</translation>
    </message>
    <message>
        <source>&amp;Activate</source>
        <translation>&amp;Активировать</translation>
    </message>
    <message>
        <source>The card&apos;s grid of codes</source>
        <translation>Таблица кодов карты</translation>
    </message>
</context>
<context>
    <name>ClientServicesTab</name>
    <message>
        <source>Failed attempts: {n}</source>
        <translation>Неудачных попыток: {n}</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>заблокировано до {time}</translation>
    </message>
    <message>
        <source>temporary passcode in use</source>
        <translation>используется временный код доступа</translation>
    </message>
    <message>
        <source>Issued by the demo set-up. Not issued again until the device is reactivated.</source>
        <translation>Выдан демо-настройкой. Повторно не выдаётся до реактивации устройства.</translation>
    </message>
    <message>
        <source>{user} is still locked: the desk could not unlock it.</source>
        <translation>Пользователь {user} по-прежнему заблокирован: службе поддержки не удалось его разблокировать.</translation>
    </message>
    <message>
        <source>{user} unlocked at {moment}.</source>
        <translation>Пользователь {user} разблокирован ({moment}).</translation>
    </message>
    <message>
        <source>{kind} {id} ({status})</source>
        <translation>{kind} {id} ({status})</translation>
    </message>
    <message>
        <source>Temporary passcode for {user}: tell it to the trader by telephone.</source>
        <translation>Временный код доступа для {user}: сообщите его трейдеру по телефону.</translation>
    </message>
    <message>
        <source>{user}&apos;s device is active again; any temporary passcode and online card ended.</source>
        <translation>Устройство пользователя {user} снова активно; временный код доступа и онлайн-карта больше не действуют.</translation>
    </message>
    <message>
        <source>Online Security Code Card {serial} issued: see the Cards tab to print and activate it.</source>
        <translation>Выдана онлайн-карта кодов безопасности {serial}: распечатайте и активируйте её на вкладке «Карты».</translation>
    </message>
    <message>
        <source>The desk could not do that ({kind}).</source>
        <translation>Служба поддержки не смогла это выполнить ({kind}).</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Имя пользователя:</translation>
    </message>
    <message>
        <source>Choose or type the trader&apos;s user name</source>
        <translation>Выберите или введите имя пользователя трейдера</translation>
    </message>
    <message>
        <source>Lost or forgotten device</source>
        <translation>Устройство потеряно или забыто</translation>
    </message>
    <message>
        <source>Issue &amp;temporary passcode</source>
        <translation>Выдать &amp;временный код доступа</translation>
    </message>
    <message>
        <source>Issue &amp;Online Security Code Card</source>
        <translation>Выдать &amp;онлайн-карту кодов безопасности</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <source>U&amp;nlock user name</source>
        <translation>&amp;Разблокировать имя пользователя</translation>
    </message>
    <message>
        <source>Offered while the user name is locked after too many failed attempts.</source>
        <translation>Доступно, пока имя пользователя заблокировано после слишком большого числа неудачных попыток.</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>&amp;Устройство:</translation>
    </message>
    <message>
        <source>&amp;Reactivate device</source>
        <translation>Ре&amp;активировать устройство</translation>
    </message>
    <message>
        <source>The Client Services desk is part of the embedded gateway only.</source>
        <translation>Служба поддержки клиентов есть только во встроенном шлюзе.</translation>
    </message>
</context>
<context>
    <name>CredentialsPage</name>
    <message>
        <source>Live trading</source>
        <translation>Реальная торговля</translation>
    </message>
    <message>
        <source>Paper trading</source>
        <translation>Учебная торговля</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Имя пользователя</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Пароль</translation>
    </message>
    <message>
        <source>Caps Lock is on</source>
        <translation>Включён Caps Lock</translation>
    </message>
    <message>
        <source>&amp;Remember user name</source>
        <translation>&amp;Запомнить имя пользователя</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>Log In</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Restart: no second factor needed while this computer&apos;s grant lasts</source>
        <translation>Перезапуск: второй фактор не нужен, пока действует разрешение</translation>
    </message>
    <message>
        <source>Forgot user name or password?</source>
        <translation>Забыли имя пользователя или пароль?</translation>
    </message>
    <message>
        <source>Forgotten user name or password, or a lost device: help is by telephone. Call Client Services; once they have confirmed who you are, they can reset your password or issue a temporary passcode so that you can log in today.</source>
        <translation>Если вы забыли имя пользователя или пароль либо потеряли устройство, помощь оказывается по телефону. Позвоните в службу поддержки клиентов: после подтверждения вашей личности там сбросят пароль или выдадут временный код доступа, чтобы вы могли войти уже сегодня.</translation>
    </message>
    <message>
        <source>In this demo, Client Services is the “Client Services” tab of the Device emulators window: it issues temporary passcodes and unlocks user names.</source>
        <translation>В этой демоверсии служба поддержки клиентов — вкладка «Служба поддержки» окна «Эмуляторы устройств»: там выдают временные коды доступа и разблокируют имена пользователей.</translation>
    </message>
    <message>
        <source>Open Client Services (demo)</source>
        <translation>Открыть службу поддержки (демо)</translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <source>%1 (paper)</source>
        <translation>%1 (учебный)</translation>
    </message>
    <message>
        <source>Demo gateway: user names %1; password %2</source>
        <translation>Демо-шлюз: имена пользователей %1; пароль %2</translation>
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
        <translation>Уровень безопасности %1</translation>
    </message>
    <message>
        <source>Choose a security device</source>
        <translation>Выберите устройство безопасности</translation>
    </message>
    <message>
        <source>You have more than one active device. The most secure is listed first.</source>
        <translation>У вас несколько активных устройств. Самое надёжное указано первым.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Далее</translation>
    </message>
    <message>
        <source>Security devices</source>
        <translation>Устройства безопасности</translation>
    </message>
</context>
<context>
    <name>DevicePicker</name>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Устройство:</translation>
    </message>
    <message>
        <source>Open device file…</source>
        <translation>Открыть файл устройства…</translation>
    </message>
    <message>
        <source>No device yet: open a device file</source>
        <translation>Устройства нет: откройте файл устройства</translation>
    </message>
    <message>
        <source>Cannot read {path}: {why}</source>
        <translation>Не удалось прочитать {path}: {why}</translation>
    </message>
    <message>
        <source>{path} holds a {found}, not a {wanted}.</source>
        <translation>В {path} — {found}, а не {wanted}.</translation>
    </message>
    <message>
        <source>Open device file</source>
        <translation>Открыть файл устройства</translation>
    </message>
    <message>
        <source>Device files (*.json);;All files (*)</source>
        <translation>Файлы устройств (*.json);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>DscPlusTab</name>
    <message>
        <source>The device&apos;s state could not be saved: {why}</source>
        <translation>Не удалось сохранить состояние устройства: {why}</translation>
    </message>
    <message>
        <source>New challenge in the login window: {challenge}. The earlier one no longer works.</source>
        <translation>Новый код запроса в окне входа: {challenge}. Прежний больше не действует.</translation>
    </message>
    <message>
        <source>Challenge in the login window: {challenge}</source>
        <translation>Код запроса в окне входа: {challenge}</translation>
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
        <translation>Нажать кнопку (вкл. / PIN)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>DSC+ display</source>
        <translation>Дисплей DSC+</translation>
    </message>
    <message>
        <source>DSC+ keypad</source>
        <translation>Клавиатура DSC+</translation>
    </message>
    <message>
        <source>Press ON until PIN&gt; shows, type the 4-digit PIN and OK; at CHALLNG&gt; type the 6-digit challenge from the login window and OK. The keyboard works too: digits, Enter, Space.</source>
        <translation>Нажимайте ON, пока не появится PIN&gt;, введите 4‑значный PIN и нажмите OK; при CHALLNG&gt; введите 6‑значный код запроса из окна входа и нажмите OK. Можно и с клавиатуры: цифры, Enter, пробел.</translation>
    </message>
</context>
<context>
    <name>Emulators</name>
    <message>
        <source>Online Security Code Card</source>
        <translation>Онлайн-карта кодов безопасности</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>Карта кодов безопасности</translation>
    </message>
    <message>
        <source>Serial {serial}</source>
        <translation>Серийный № {serial}</translation>
    </message>
    <message>
        <source>Enter the codes at the two index values the login shows.</source>
        <translation>Введите коды для двух индексов, показанных при входе.</translation>
    </message>
    <message>
        <source>Keep this card safe. Client Services never asks for its codes.</source>
        <translation>Храните карту в надёжном месте. Служба поддержки клиентов никогда не запрашивает её коды.</translation>
    </message>
    <message>
        <source>No card chosen</source>
        <translation>Карта не выбрана</translation>
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
        <translation>Телефон</translation>
    </message>
    <message>
        <source>active</source>
        <translation>активно</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>утеряно</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ожидает</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>удалено</translation>
    </message>
    <message>
        <source>{user} — {device} {ident}</source>
        <translation>{user} — {device} {ident}</translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation>Временный код доступа</translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>Приложение-аутентификатор</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>Ключ безопасности</translation>
    </message>
</context>
<context>
    <name>EmulatorsWindow</name>
    <message>
        <source>The device files could not be read ({kind}).</source>
        <translation>Не удалось прочитать файлы устройств ({kind}).</translation>
    </message>
    <message>
        <source>The login of {user} waits for this device.</source>
        <translation>Вход пользователя {user} ожидает этого устройства.</translation>
    </message>
    <message>
        <source>{title} ●</source>
        <translation>{title} ●</translation>
    </message>
    <message>
        <source>Device emulators</source>
        <translation>Эмуляторы устройств</translation>
    </message>
    <message>
        <source>DSC+</source>
        <translation>DSC+</translation>
    </message>
    <message>
        <source>IB Key phone</source>
        <translation>Телефон с IB Key</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Карты</translation>
    </message>
    <message>
        <source>Client Services</source>
        <translation>Служба поддержки</translation>
    </message>
    <message>
        <source>Loading the devices…</source>
        <translation>Загрузка устройств…</translation>
    </message>
    <message>
        <source>Authenticator</source>
        <translation>Аутентификатор</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>Ключ безопасности</translation>
    </message>
</context>
<context>
    <name>ExistingSessionPage</name>
    <message>
        <source>Already logged in</source>
        <translation>Вход уже выполнен</translation>
    </message>
    <message>
        <source>This user name is already logged in elsewhere. Log in here and disconnect the other session?</source>
        <translation>С этим именем пользователя уже выполнен вход в другом месте. Войти здесь и отключить другую сессию?</translation>
    </message>
    <message>
        <source>Log in here</source>
        <translation>Войти здесь</translation>
    </message>
    <message>
        <source>Keep the other session</source>
        <translation>Оставить другую сессию</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 ч %2 мин</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 мин %2 с</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>This user name is locked after too many failed attempts. Call Client Services to unlock it.</source>
        <translation>Это имя пользователя заблокировано после слишком большого числа неудачных попыток. Для разблокировки обратитесь в службу поддержки клиентов.</translation>
    </message>
    <message>
        <source>This user name is locked after too many failed attempts, until %1 (%2 from now). Client Services can unlock it sooner.</source>
        <translation>Это имя пользователя заблокировано после слишком большого числа неудачных попыток до %1 (ещё %2). Служба поддержки клиентов может разблокировать его раньше.</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Без ограничений</translation>
    </message>
    <message>
        <source>None allowed</source>
        <translation>Не разрешено</translation>
    </message>
    <message>
        <source>USD %1</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>No withdrawals allowed</source>
        <translation>Вывод средств запрещён</translation>
    </message>
    <message>
        <source>Per day: %1
Per 5 business days: %2</source>
        <translation>В день: %1
За 5 рабочих дней: %2</translation>
    </message>
</context>
<context>
    <name>IbKeyTab</name>
    <message>
        <source>New challenge in the login window: {challenge}. The earlier one no longer works.</source>
        <translation>Новый код запроса в окне входа: {challenge}. Прежний больше не действует.</translation>
    </message>
    <message>
        <source>Challenge in the login window: {challenge}</source>
        <translation>Код запроса в окне входа: {challenge}</translation>
    </message>
    <message numerus="yes">
        <source>%n notification(s) waiting</source>
        <translation>
            <numerusform>%n уведомление ожидает ответа</numerusform>
            <numerusform>%n уведомления ожидают ответа</numerusform>
            <numerusform>%n уведомлений ожидают ответа</numerusform>
        </translation>
    </message>
    <message>
        <source>{time}  Login request for {user}</source>
        <translation>{time}  Запрос на вход для {user}</translation>
    </message>
    <message>
        <source>Waiting for the notification of {user}&apos;s login…</source>
        <translation>Ожидание уведомления о входе пользователя {user}…</translation>
    </message>
    <message>
        <source>No notification. Log in with an IB Key user to receive one.</source>
        <translation>Уведомлений нет. Войдите как пользователь с IB Key, чтобы получить уведомление.</translation>
    </message>
    <message>
        <source>User: {user}
{summary}
Sent: {time}</source>
        <translation>Пользователь: {user}
{summary}
Отправлено: {time}</translation>
    </message>
    <message>
        <source>Number {number}</source>
        <translation>Число {number}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <source>Approved. The login continues on the desktop by itself.</source>
        <translation>Одобрено. Вход на компьютере продолжится автоматически.</translation>
    </message>
    <message>
        <source>Reported. The login was refused, and the gateway recorded your report.</source>
        <translation>Жалоба отправлена. Во входе отказано, шлюз записал вашу жалобу.</translation>
    </message>
    <message>
        <source>Denied: {number} is not the number the login shows. The login was refused.</source>
        <translation>Отклонено: в окне входа показано не {number}. Во входе отказано.</translation>
    </message>
    <message>
        <source>Denied. The login was refused.</source>
        <translation>Отклонено. Во входе отказано.</translation>
    </message>
    <message>
        <source>The gateway could not be reached ({kind}).</source>
        <translation>Не удалось связаться со шлюзом ({kind}).</translation>
    </message>
    <message>
        <source>Choose an IB Key device first.</source>
        <translation>Сначала выберите устройство IB Key.</translation>
    </message>
    <message>
        <source>The challenge is 8 digits, as the login window shows it.</source>
        <translation>Код запроса — 8 цифр, как в окне входа.</translation>
    </message>
    <message>
        <source>Type this response into the login window.</source>
        <translation>Введите этот ответ в окне входа.</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Уведомления</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Одобрить</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>О&amp;тклонить</translation>
    </message>
    <message>
        <source>This &amp;wasn&apos;t me</source>
        <translation>&amp;Это был не я</translation>
    </message>
    <message>
        <source>Deny this login and report it: you did not try to log in.</source>
        <translation>Отклонить вход и сообщить о нём: вы не пытались войти.</translation>
    </message>
    <message>
        <source>Pick the number the login window shows, then Approve:</source>
        <translation>Выберите число из окна входа и нажмите «Одобрить»:</translation>
    </message>
    <message>
        <source>Authenticate</source>
        <translation>Аутентификация</translation>
    </message>
    <message>
        <source>&amp;Challenge:</source>
        <translation>&amp;Код запроса:</translation>
    </message>
    <message>
        <source>8 digits from the login window</source>
        <translation>8 цифр из окна входа</translation>
    </message>
    <message>
        <source>&amp;Generate response</source>
        <translation>&amp;Создать ответ</translation>
    </message>
    <message>
        <source>Response:</source>
        <translation>Ответ:</translation>
    </message>
    <message>
        <source>Notifications need a gateway to poll.</source>
        <translation>Для уведомлений нужен шлюз, который можно опрашивать.</translation>
    </message>
</context>
<context>
    <name>LoginHistoryPanel</name>
    <message>
        <source>First login recorded here</source>
        <translation>Это первый записанный вход</translation>
    </message>
    <message>
        <source>an unknown address</source>
        <translation>неизвестного адреса</translation>
    </message>
    <message>
        <source>Last login: %1 from %2, a restart without the second factor</source>
        <translation>Последний вход: %1 с %2, перезапуск без второго фактора</translation>
    </message>
    <message>
        <source>the password only</source>
        <translation>только пароль</translation>
    </message>
    <message>
        <source>Last login: %1 from %2 with %3</source>
        <translation>Последний вход: %1 с %2 (%3)</translation>
    </message>
    <message>
        <source>No failed attempts since then</source>
        <translation>С тех пор неудачных попыток не было</translation>
    </message>
    <message>
        <source>No failed attempts before this login</source>
        <translation>Неудачных попыток до этого входа не было</translation>
    </message>
    <message>
        <source>Failed attempts since then: %1</source>
        <translation>Неудачных попыток с тех пор: %1</translation>
    </message>
    <message>
        <source>Failed attempts before this login: %1</source>
        <translation>Неудачных попыток до этого входа: %1</translation>
    </message>
    <message>
        <source>wrong password</source>
        <translation>неверный пароль</translation>
    </message>
    <message>
        <source>while locked</source>
        <translation>во время блокировки</translation>
    </message>
    <message>
        <source>wrong second-factor response</source>
        <translation>неверный ответ второго фактора</translation>
    </message>
    <message>
        <source>authenticator code used before</source>
        <translation>код аутентификатора уже использован</translation>
    </message>
    <message>
        <source>security key check failed</source>
        <translation>проверка ключа безопасности не пройдена</translation>
    </message>
    <message>
        <source>notification denied on the phone</source>
        <translation>уведомление отклонено на телефоне</translation>
    </message>
    <message>
        <source>wrong number picked on the phone</source>
        <translation>на телефоне выбрано неверное число</translation>
    </message>
    <message>
        <source>reported on the phone as not yours</source>
        <translation>на телефоне отмечено, что это были не вы</translation>
    </message>
    <message>
        <source>%1 from %2: %3</source>
        <translation>%1 с %2: %3</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>Gateway: built-in demo</source>
        <translation>Шлюз: встроенная демоверсия</translation>
    </message>
    <message>
        <source>The embedded demo gateway, running on this computer</source>
        <translation>Встроенный демо-шлюз, работающий на этом компьютере</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>закреплён</translation>
    </message>
    <message>
        <source>%1: certificate pinned by its SHA-256 fingerprint %2</source>
        <translation>%1: сертификат закреплён по отпечатку SHA-256 %2</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>проверен</translation>
    </message>
    <message>
        <source>%1: certificate verified against %2</source>
        <translation>%1: сертификат проверен по %2</translation>
    </message>
    <message>
        <source>%1: certificate verified by the system&apos;s certificate authorities</source>
        <translation>%1: сертификат проверен системными центрами сертификации</translation>
    </message>
    <message>
        <source>Gateway: %1 · %2</source>
        <translation>Шлюз: %1 · %2</translation>
    </message>
    <message>
        <source>Trader Login</source>
        <translation>Trader Login</translation>
    </message>
    <message>
        <source>Secure Login System</source>
        <translation>Система безопасного входа</translation>
    </message>
    <message>
        <source>Enter read only</source>
        <translation>Войти только для чтения</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Device emulators…</source>
        <translation>Эмуляторы устройств…</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Выполняется</translation>
    </message>
    <message>
        <source>The demo gateway is still starting; try again in a moment.</source>
        <translation>Демо-шлюз ещё запускается; попробуйте чуть позже.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>User names are lower case. Is Caps Lock on?</source>
        <translation>Имена пользователей пишутся строчными буквами. Не включён ли Caps Lock?</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>Введите имя пользователя.</translation>
    </message>
    <message>
        <source>Invalid user name password combination</source>
        <translation>Неверное сочетание имени пользователя и пароля</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>Вход не выполнен</translation>
    </message>
    <message>
        <source>Caps Lock is on</source>
        <translation>Включён Caps Lock</translation>
    </message>
    <message>
        <source>Login cancelled.</source>
        <translation>Вход отменён.</translation>
    </message>
    <message>
        <source>The other session stays logged in.</source>
        <translation>Другая сессия остаётся активной.</translation>
    </message>
    <message>
        <source>This session was disconnected because the user name logged in elsewhere.</source>
        <translation>Эта сессия отключена: с этим именем пользователя выполнен вход в другом месте.</translation>
    </message>
    <message>
        <source>Choose one of the devices listed.</source>
        <translation>Выберите одно из устройств в списке.</translation>
    </message>
    <message>
        <source>The challenge expired. Here is a new one.</source>
        <translation>Срок действия кода запроса истёк. Вот новый.</translation>
    </message>
    <message>
        <source>The code expired. Ask for a new code.</source>
        <translation>Срок действия кода истёк. Запросите новый код.</translation>
    </message>
    <message>
        <source>The notification expired. Send a new one, or use challenge/response.</source>
        <translation>Срок действия уведомления истёк. Отправьте новое или используйте вход по коду запроса.</translation>
    </message>
    <message>
        <source>The temporary passcode has expired. Please call Client Services.</source>
        <translation>Срок действия временного кода доступа истёк. Позвоните в службу поддержки клиентов.</translation>
    </message>
    <message>
        <source>This login has expired or was already used. Please log in again.</source>
        <translation>Срок действия этого входа истёк, или он уже использован. Войдите снова.</translation>
    </message>
    <message>
        <source>This notification has expired or was already answered.</source>
        <translation>Срок действия уведомления истёк, или на него уже ответили.</translation>
    </message>
    <message>
        <source>This session has ended. Please log in again.</source>
        <translation>Сессия завершена. Войдите снова.</translation>
    </message>
    <message>
        <source>The gateway failed to handle this request. Please try again.</source>
        <translation>Шлюзу не удалось обработать запрос. Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Logins for this user name are only allowed from the IP addresses set by the account&apos;s primary user.</source>
        <translation>Вход с этим именем пользователя разрешён только с IP-адресов, заданных главным пользователем счёта.</translation>
    </message>
    <message>
        <source>No security device is active for this user name. Please call Client Services: they can issue a temporary passcode.</source>
        <translation>Для этого имени пользователя нет активного устройства безопасности. Позвоните в службу поддержки клиентов: там могут выдать временный код доступа.</translation>
    </message>
    <message>
        <source>This security device can no longer be used for this user name. Please log in again, or call Client Services.</source>
        <translation>Это устройство безопасности больше нельзя использовать с этим именем пользователя. Войдите снова или позвоните в службу поддержки клиентов.</translation>
    </message>
    <message>
        <source>This temporary passcode now only opens the Client Portal, where you can print an Online Security Code Card.</source>
        <translation>Этот временный код доступа теперь открывает только «Портал клиентов», где можно распечатать онлайн-карту кодов безопасности.</translation>
    </message>
    <message>
        <source>No more codes can be sent for this login. Please log in again.</source>
        <translation>Для этого входа больше нельзя отправить коды. Войдите снова.</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1. It is a full-width character: switch the input method to half-width.</source>
        <translation>BAD CHARACTER: имя пользователя может содержать только строчные буквы a-z и цифры 0-9. Найдено: %1. Это полноширинный символ: переключите метод ввода на символы половинной ширины.</translation>
    </message>
    <message>
        <source>This user name is locked after too many failed login attempts. Try again after %1, or call Client Services.</source>
        <translation>Это имя пользователя заблокировано после слишком большого числа неудачных попыток входа. Повторите попытку после %1 или позвоните в службу поддержки клиентов.</translation>
    </message>
    <message>
        <source>This code was used already. Wait for the next code in your authenticator app.</source>
        <translation>Этот код уже использован. Дождитесь следующего кода в приложении-аутентификаторе.</translation>
    </message>
    <message>
        <source>The DSC+ response is 8 digits.</source>
        <translation>Ответ DSC+ состоит из 8 цифр.</translation>
    </message>
    <message>
        <source>The IB Key response is 8 digits.</source>
        <translation>Ответ IB Key состоит из 8 цифр.</translation>
    </message>
    <message>
        <source>The security code is 6 digits.</source>
        <translation>Код безопасности состоит из 6 цифр.</translation>
    </message>
    <message>
        <source>Enter the two 3-character codes from your card, one after the other.</source>
        <translation>Введите два 3‑символьных кода с карты подряд.</translation>
    </message>
    <message>
        <source>The temporary passcode is upper-case letters and digits.</source>
        <translation>Временный код доступа состоит из заглавных букв и цифр.</translation>
    </message>
    <message>
        <source>This user name is already logged in elsewhere. Log in here and disconnect the other session?</source>
        <translation>С этим именем пользователя уже выполнен вход в другом месте. Войти здесь и отключить другую сессию?</translation>
    </message>
    <message>
        <source>The gateway&apos;s database is busy or unreachable. Try again in %1 s.</source>
        <translation>База данных шлюза занята или недоступна. Повторите через %1 с.</translation>
    </message>
    <message>
        <source>The gateway&apos;s certificate does not match the one this client trusts. Nothing was sent. If the gateway was set up again, trust its new certificate; otherwise someone may be intercepting the connection.</source>
        <translation>Сертификат шлюза не совпадает с тем, которому доверяет это приложение. Ничего не отправлено. Если шлюз был настроен заново, доверьтесь его новому сертификату; иначе соединение, возможно, перехватывают.</translation>
    </message>
    <message>
        <source>The gateway could not prove it knows your password verifier. It may not be the real gateway: nothing more was sent to it.</source>
        <translation>Шлюз не смог доказать, что знает верификатор вашего пароля. Возможно, это поддельный шлюз: больше ничего ему не отправлено.</translation>
    </message>
    <message>
        <source>The gateway asked for password hardening outside this client&apos;s safe bounds. Nothing was sent.</source>
        <translation>Шлюз запросил параметры усиления пароля за безопасными для этого приложения пределами. Ничего не отправлено.</translation>
    </message>
    <message>
        <source>The gateway&apos;s reply is not the SLS protocol (%1). Check that %2 is an SLS gateway and that this client is up to date.</source>
        <translation>Ответ шлюза не соответствует протоколу SLS (%1). Проверьте, что %2 — шлюз SLS и что это приложение обновлено.</translation>
    </message>
    <message>
        <source>The gateway refused the request as malformed: %1</source>
        <translation>Шлюз отклонил запрос как некорректный: %1</translation>
    </message>
    <message>
        <source>The gateway could not be started: %1</source>
        <translation>Не удалось запустить шлюз: %1</translation>
    </message>
    <message>
        <source>This request needs the token from the last step as &apos;Authorization: Bearer&apos;.</source>
        <translation>Этому запросу нужен токен предыдущего шага в заголовке &apos;Authorization: Bearer&apos;.</translation>
    </message>
    <message>
        <source>There is no such endpoint.</source>
        <translation>Такой конечной точки нет.</translation>
    </message>
    <message>
        <source>This endpoint does not take that method.</source>
        <translation>Эта конечная точка не принимает такой метод.</translation>
    </message>
    <message>
        <source>The request body is over %1 bytes.</source>
        <translation>Тело запроса превышает %1 байт.</translation>
    </message>
    <message>
        <source>The device request signature is missing, stale or wrong.</source>
        <translation>Подпись запроса устройства отсутствует, устарела или неверна.</translation>
    </message>
    <message>
        <source>The device signature does not verify.</source>
        <translation>Подпись устройства не проходит проверку.</translation>
    </message>
    <message>
        <source>This signed device request was already used. Sign each request anew.</source>
        <translation>Этот подписанный запрос устройства уже использован. Подписывайте каждый запрос заново.</translation>
    </message>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>The gateway&apos;s reply is not the SLS protocol. Nothing more was sent.</source>
        <translation>Ответ шлюза не соответствует протоколу SLS. Больше ничего не отправлено.</translation>
    </message>
    <message>
        <source>The login stopped because of an internal error in this client.</source>
        <translation>Вход прерван из-за внутренней ошибки приложения.</translation>
    </message>
    <message>
        <source>IB Key</source>
        <translation>IB Key</translation>
    </message>
    <message>
        <source>Login failed: that is not the response of your IB Key app to this challenge. Type the new challenge into the app&apos;s Authenticate screen, then enter the response it shows.</source>
        <translation>Вход не выполнен: это не ответ вашего приложения IB Key на этот код запроса. Введите новый код запроса на экране «Аутентификация» в приложении, затем впишите показанный ответ.</translation>
    </message>
    <message>
        <source>Login failed: that response came from your IB Key app on another phone (…%1); this challenge is for your IB Key app …%2. Answer the new challenge with that one.</source>
        <translation>Вход не выполнен: этот ответ дало ваше приложение IB Key на другом телефоне (…%1); этот код запроса предназначен для приложения IB Key …%2. Ответьте на новый код запроса с его помощью.</translation>
    </message>
    <message>
        <source>Digital Security Card+ (DSC+)</source>
        <translation>Цифровая карта безопасности+ (DSC+)</translation>
    </message>
    <message>
        <source>Login failed: that is not the response of your DSC+ (serial …%1) to this challenge. Check the device, then answer the new challenge.</source>
        <translation>Вход не выполнен: это не ответ вашего DSC+ (серийный № …%1) на этот код запроса. Проверьте устройство и ответьте на новый код запроса.</translation>
    </message>
    <message>
        <source>Login failed: that response came from your other DSC+ (serial …%1); this challenge is for your DSC+ with serial …%2. Answer the new challenge with that one.</source>
        <translation>Вход не выполнен: этот ответ дал ваш другой DSC+ (серийный № …%1); этот код запроса предназначен для DSC+ с серийным № …%2. Ответьте на новый код запроса с его помощью.</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>Карта кодов безопасности</translation>
    </message>
    <message>
        <source>Login failed: those are not the codes of your Security Code Card (serial …%1) at the two index values shown. Check the card, then enter the codes at the new index values.</source>
        <translation>Вход не выполнен: это не коды вашей карты кодов безопасности (серийный № …%1) для двух показанных индексов. Проверьте карту и введите коды для новых индексов.</translation>
    </message>
    <message>
        <source>Login failed: those codes came from your Security Code Card (serial …%1); this challenge is for your card with serial …%2. Enter that card&apos;s codes at the new index values.</source>
        <translation>Вход не выполнен: эти коды взяты с вашей карты кодов безопасности (серийный № …%1); этот запрос предназначен для карты с серийным № …%2. Введите коды этой карты для новых индексов.</translation>
    </message>
    <message>
        <source>Online Security Code Card</source>
        <translation>Онлайн-карта кодов безопасности</translation>
    </message>
    <message>
        <source>Login failed: those are not the codes of your Online Security Code Card (serial …%1) at the two index values shown. Check the card you printed, then enter the codes at the new index values.</source>
        <translation>Вход не выполнен: это не коды вашей онлайн-карты кодов безопасности (серийный № …%1) для двух показанных индексов. Проверьте распечатанную карту и введите коды для новых индексов.</translation>
    </message>
    <message>
        <source>Login failed: those codes came from your Online Security Code Card (serial …%1); this challenge is for your card with serial …%2. Enter that card&apos;s codes at the new index values.</source>
        <translation>Вход не выполнен: эти коды взяты с вашей онлайн-карты кодов безопасности (серийный № …%1); этот запрос предназначен для карты с серийным № …%2. Введите коды этой карты для новых индексов.</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Login failed: that is not the code last texted to %1. Check the newest message (a new code voids the earlier ones), then type its code.</source>
        <translation>Вход не выполнен: это не код из последнего SMS на номер %1. Проверьте самое новое сообщение (новый код отменяет прежние) и введите код из него.</translation>
    </message>
    <message>
        <source>Login failed: that is not the code read out in the last call to %1. Type the code of the latest call, or ask for a new code.</source>
        <translation>Вход не выполнен: это не код, продиктованный в последнем звонке на номер %1. Введите код из последнего звонка или запросите новый код.</translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation>Временный код доступа</translation>
    </message>
    <message>
        <source>Login failed: that is not your temporary passcode. Type it exactly as Client Services gave it to you.</source>
        <translation>Вход не выполнен: это не ваш временный код доступа. Введите его точно так, как его сообщила служба поддержки клиентов.</translation>
    </message>
    <message>
        <source>Read only: market data and portfolio; no trading, no withdrawals.</source>
        <translation>Только чтение: рыночные данные и портфель; без торговли и вывода средств.</translation>
    </message>
    <message>
        <source>Temporary passcode: withdrawals and changes to your information are restricted.</source>
        <translation>Временный код доступа: вывод средств и изменение ваших данных ограничены.</translation>
    </message>
    <message>
        <source>Opted out of the Secure Login System: no Pink Sheet or OTCBB trading.</source>
        <translation>Отказ от Системы безопасного входа: торговля Pink Sheet и OTCBB недоступна.</translation>
    </message>
    <message>
        <source>Penny stocks need an IP restriction when only the portal uses two-factor login.</source>
        <translation>Для торговли «копеечными» акциями нужно ограничение по IP, если двухфакторный вход используется только для портала.</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space at the start.</source>
        <translation>BAD CHARACTER: имя пользователя может содержать только строчные буквы a-z и цифры 0-9. В начале стоит пробел.</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space at the end.</source>
        <translation>BAD CHARACTER: имя пользователя может содержать только строчные буквы a-z и цифры 0-9. В конце стоит пробел.</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space after &quot;%1&quot;.</source>
        <translation>BAD CHARACTER: имя пользователя может содержать только строчные буквы a-z и цифры 0-9. После &quot;%1&quot; стоит пробел.</translation>
    </message>
    <message>
        <source>This is a paper trading user name. Choose &quot;Paper trading&quot; to log in.</source>
        <translation>Это имя пользователя для учебной торговли. Для входа выберите «Учебная торговля».</translation>
    </message>
    <message>
        <source>This is a live trading user name. Choose &quot;Live trading&quot; to log in; paper trading has its own user name.</source>
        <translation>Это имя пользователя для реальной торговли. Для входа выберите «Реальная торговля»; для учебной торговли есть отдельное имя пользователя.</translation>
    </message>
    <message>
        <source>Login failed: that is the answer to the previous challenge, which a new one replaced. Answer the challenge shown now.</source>
        <translation>Вход не выполнен: это ответ на предыдущий код запроса, который уже заменён новым. Ответьте на код запроса, показанный сейчас.</translation>
    </message>
    <message>
        <source>This connection to the gateway is closed.</source>
        <translation>Это соединение со шлюзом закрыто.</translation>
    </message>
    <message>
        <source>Attempts left before this user name is locked for 24 hours: %1.</source>
        <translation>Осталось попыток до блокировки имени пользователя на 24 часа: %1.</translation>
    </message>
    <message>
        <source>Stopped before another attempt: %1 failed attempts in a row for this user name from this computer (--max-attempts %2). Check the password and the device, then log in by hand.</source>
        <translation>Остановлено перед следующей попыткой: неудачных попыток подряд с этим именем пользователя на этом компьютере — %1 (--max-attempts %2). Проверьте пароль и устройство, затем войдите вручную.</translation>
    </message>
    <message>
        <source>Login failed: the number picked on your phone was not the number shown here. A new notification was sent: pick the number this page shows.</source>
        <translation>Вход не выполнен: на телефоне выбрано не то число, что показано здесь. Отправлено новое уведомление: выберите число, показанное на этой странице.</translation>
    </message>
    <message>
        <source>Login failed: this login was reported on your phone as not yours. If it was you after all, log in again; if not, change your password and call Client Services.</source>
        <translation>Вход не выполнен: на вашем телефоне отмечено, что этот вход выполняли не вы. Если это всё же были вы, войдите снова; если нет, смените пароль и позвоните в службу поддержки клиентов.</translation>
    </message>
    <message>
        <source>No restart without the second factor: this computer&apos;s restart grant expired at %1 (the weekly cut-off). Log in with your second factor.</source>
        <translation>Перезапуск без второго фактора невозможен: разрешение на перезапуск для этого компьютера истекло %1 (еженедельный срок). Войдите со вторым фактором.</translation>
    </message>
    <message>
        <source>No restart without the second factor: the restart grant was revoked at the desk at %1. Log in with your second factor.</source>
        <translation>Перезапуск без второго фактора невозможен: разрешение на перезапуск отозвано службой поддержки %1. Войдите со вторым фактором.</translation>
    </message>
    <message>
        <source>No restart without the second factor: this computer was forgotten at a logout at %1. Log in with your second factor.</source>
        <translation>Перезапуск без второго фактора невозможен: этот компьютер забыт при выходе %1. Войдите со вторым фактором.</translation>
    </message>
    <message>
        <source>No restart without the second factor: the password was changed at %1. Log in with your second factor.</source>
        <translation>Перезапуск без второго фактора невозможен: пароль изменён %1. Войдите со вторым фактором.</translation>
    </message>
    <message>
        <source>No restart without the second factor: the security devices of this user name changed at %1. Log in with your second factor.</source>
        <translation>Перезапуск без второго фактора невозможен: %1 изменились устройства безопасности этого имени пользователя. Войдите со вторым фактором.</translation>
    </message>
    <message>
        <source>No restart without the second factor: another computer was allowed to restart at %1, and only one can be. Log in with your second factor.</source>
        <translation>Перезапуск без второго фактора невозможен: %1 перезапуск разрешён другому компьютеру, а разрешение может быть только у одного. Войдите со вторым фактором.</translation>
    </message>
    <message>
        <source>No restart without the second factor: this device key is not the one registered for this user name. Log in with your second factor.</source>
        <translation>Перезапуск без второго фактора невозможен: этот ключ устройства не зарегистрирован для этого имени пользователя. Войдите со вторым фактором.</translation>
    </message>
    <message>
        <source>No restart without the second factor: the gateway has no restart grant for this computer. Log in with your second factor.</source>
        <translation>Перезапуск без второго фактора невозможен: у шлюза нет разрешения на перезапуск для этого компьютера. Войдите со вторым фактором.</translation>
    </message>
    <message>
        <source>This computer holds no restart key for %1: log in with your second factor.</source>
        <translation>На этом компьютере нет ключа перезапуска для %1: войдите со вторым фактором.</translation>
    </message>
    <message>
        <source>The restart without the second factor can only be allowed after a full login with a security device, not in a read-only, paper, temporary-passcode or restarted session.</source>
        <translation>Перезапуск без второго фактора можно разрешить только после полного входа с устройством безопасности, но не в сессии только для чтения, учебной, по временному коду доступа или открытой перезапуском.</translation>
    </message>
    <message>
        <source>This gateway does not allow restarts without the second factor.</source>
        <translation>Этот шлюз не разрешает перезапуск без второго фактора.</translation>
    </message>
    <message>
        <source>This computer&apos;s keychain failed, so its restart without the second factor could not be changed. Try again, or log out with &quot;Forget this computer&quot;.</source>
        <translation>Сбой хранилища ключей этого компьютера: перезапуск без второго фактора изменить не удалось. Повторите попытку или выйдите с отметкой «Забыть этот компьютер».</translation>
    </message>
    <message>
        <source>This computer&apos;s restart key for %1 is damaged or cannot be read from the keychain: log in with your second factor (allowing the restart again makes a new key).</source>
        <translation>Ключ перезапуска этого компьютера для %1 повреждён или не читается из хранилища ключей: войдите со вторым фактором (при новом разрешении перезапуска будет создан новый ключ).</translation>
    </message>
    <message>
        <source>The attempt log %1 %2: the failed attempts cannot be counted, so nothing was sent. Delete the file to start afresh.</source>
        <translation>Журнал попыток %1 недоступен (%2): неудачные попытки нельзя подсчитать, поэтому ничего не отправлено. Удалите файл, чтобы начать заново.</translation>
    </message>
    <message>
        <source>Logging out…</source>
        <translation>Выход…</translation>
    </message>
    <message>
        <source>Contacting your device…</source>
        <translation>Связь с устройством…</translation>
    </message>
    <message>
        <source>Checking the response…</source>
        <translation>Проверка ответа…</translation>
    </message>
    <message>
        <source>Asking for a challenge…</source>
        <translation>Запрос кода…</translation>
    </message>
    <message>
        <source>Sending a new code…</source>
        <translation>Отправка нового кода…</translation>
    </message>
    <message>
        <source>Opening a read-only session…</source>
        <translation>Открытие сессии только для чтения…</translation>
    </message>
    <message>
        <source>Taking over the session…</source>
        <translation>Перехват сессии…</translation>
    </message>
    <message>
        <source>Keeping the other session…</source>
        <translation>Сохранение другой сессии…</translation>
    </message>
    <message>
        <source>Restarting without the second factor…</source>
        <translation>Перезапуск без второго фактора…</translation>
    </message>
    <message>
        <source>Starting the gateway…</source>
        <translation>Запуск шлюза…</translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1.</source>
        <translation>BAD CHARACTER: имя пользователя может содержать только строчные буквы a-z и цифры 0-9. Найдено: %1.</translation>
    </message>
    <message>
        <source>The gateway is not running or cannot be reached at %1.</source>
        <translation>Шлюз не запущен или недоступен по адресу %1.</translation>
    </message>
    <message>
        <source>The gateway did not answer within %1 s.</source>
        <translation>Шлюз не ответил за %1 с.</translation>
    </message>
    <message>
        <source>The gateway failed with an internal fault (HTTP %1). Please try again.</source>
        <translation>Внутренняя ошибка шлюза (HTTP %1). Попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Too many login requests from this address. Try again in %1 s.</source>
        <translation>Слишком много запросов на вход с этого адреса. Повторите через %1 с.</translation>
    </message>
    <message>
        <source>Please wait %1 s before asking for a new code.</source>
        <translation>Подождите %1 с, прежде чем запрашивать новый код.</translation>
    </message>
    <message>
        <source>Logged out here; the gateway could not be told: %1</source>
        <translation>Выход здесь выполнен, но шлюз не удалось уведомить: %1</translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>Приложение-аутентификатор</translation>
    </message>
    <message>
        <source>Login failed: that is not a current code of your authenticator app. Type the code the app shows now; if this repeats, set the phone&apos;s clock to automatic.</source>
        <translation>Вход не выполнен: это не текущий код вашего приложения-аутентификатора. Введите код, который приложение показывает сейчас; если ошибка повторится, включите на телефоне автоматическую настройку времени.</translation>
    </message>
    <message>
        <source>The authenticator code is 6 digits, as your authenticator app shows it.</source>
        <translation>Код из приложения-аутентификатора состоит из 6 цифр.</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>Ключ безопасности</translation>
    </message>
    <message>
        <source>Login failed: the gateway refused your security key&apos;s answer. Touch your key again; if this repeats, use another key you registered or call Client Services.</source>
        <translation>Вход не выполнен: шлюз отклонил ответ вашего ключа безопасности. Коснитесь ключа ещё раз; если ошибка повторится, используйте другой зарегистрированный ключ или позвоните в службу поддержки клиентов.</translation>
    </message>
    <message>
        <source>Login failed: your security key&apos;s signature counter did not go up, as happens when a key has been copied. Use another key you registered, and call Client Services.</source>
        <translation>Вход не выполнен: счётчик подписей вашего ключа безопасности не увеличился — так бывает, когда ключ скопирован. Используйте другой зарегистрированный ключ и позвоните в службу поддержки клиентов.</translation>
    </message>
    <message>
        <source>Login failed: that is not the enrolment code Client Services gave you. Check it and type it again.</source>
        <translation>Вход не выполнен: это не код регистрации, выданный службой поддержки клиентов. Проверьте его и введите снова.</translation>
    </message>
    <message>
        <source>The enrolment code is 12 letters and digits, as Client Services gave it; the hyphens may be left out.</source>
        <translation>Код регистрации — 12 букв и цифр, как его выдала служба поддержки клиентов; дефисы можно не вводить.</translation>
    </message>
    <message>
        <source>No security key found. Plug in your security key and try again.</source>
        <translation>Ключ безопасности не найден. Подключите его и попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>Your security key was not touched in time. Try again when you are ready.</source>
        <translation>Вы не коснулись ключа безопасности вовремя. Попробуйте ещё раз, когда будете готовы.</translation>
    </message>
    <message>
        <source>This security key is not registered for this user name. Use a key you registered, or ask Client Services for an enrolment code to register this one.</source>
        <translation>Этот ключ безопасности не зарегистрирован для этого имени пользователя. Используйте зарегистрированный ключ или запросите в службе поддержки клиентов код регистрации для этого ключа.</translation>
    </message>
    <message>
        <source>This security key is already registered for this user name. Log in with it, or register another key.</source>
        <translation>Этот ключ безопасности уже зарегистрирован для этого имени пользователя. Войдите с ним или зарегистрируйте другой ключ.</translation>
    </message>
    <message>
        <source>Wrong PIN for your security key: %1 tries left before the key locks it.</source>
        <translation>Неверный PIN ключа безопасности. До блокировки PIN осталось попыток: %1.</translation>
    </message>
    <message>
        <source>Your security key&apos;s PIN is blocked. Use another key, or reset this one (that deletes its passkeys).</source>
        <translation>PIN вашего ключа безопасности заблокирован. Используйте другой ключ или сбросьте этот (его ключи доступа будут удалены).</translation>
    </message>
    <message>
        <source>Three wrong PINs in a row: unplug your security key, plug it in again, and try again.</source>
        <translation>Три неверных PIN подряд: извлеките ключ безопасности, вставьте его снова и попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>This virtual security key&apos;s passkeys are sealed with a keychain entry this computer no longer has, so it cannot sign. Use another key.</source>
        <translation>Ключи доступа этого виртуального ключа зашифрованы записью системного хранилища ключей, которой на этом компьютере больше нет, поэтому подписывать им нельзя. Используйте другой ключ.</translation>
    </message>
    <message>
        <source>Your security key reported an error (%1). Unplug it, plug it in again, and try again.</source>
        <translation>Ключ безопасности сообщил об ошибке (%1). Извлеките его, вставьте снова и попробуйте ещё раз.</translation>
    </message>
    <message>
        <source>The gateway asked for a passkey of %1, which is not the gateway this window is connected to. Nothing was signed.</source>
        <translation>Шлюз запросил ключ доступа для %1, но это не тот шлюз, к которому подключено это окно. Ничего не подписано.</translation>
    </message>
    <message>
        <source>The gateway refused to register this security key: %1. Try again, or use another key.</source>
        <translation>Шлюз отказался регистрировать этот ключ безопасности: %1. Попробуйте ещё раз или используйте другой ключ.</translation>
    </message>
    <message>
        <source>Waiting for your security key…</source>
        <translation>Ожидание ключа безопасности…</translation>
    </message>
    <message>
        <source>Registering your security key…</source>
        <translation>Регистрация ключа безопасности…</translation>
    </message>
</context>
<context>
    <name>PhoneTab</name>
    <message>
        <source>A call is ringing</source>
        <translation>Входящий звонок</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n новое сообщение</numerusform>
            <numerusform>%n новых сообщения</numerusform>
            <numerusform>%n новых сообщений</numerusform>
        </translation>
    </message>
    <message>
        <source>The phone&apos;s messages cannot be read.</source>
        <translation>Не удалось прочитать сообщения телефона.</translation>
    </message>
    <message>
        <source>{time}  Call from Trader Login</source>
        <translation>{time}  Звонок от Trader Login</translation>
    </message>
    <message>
        <source>{time}  SMS: {text}</source>
        <translation>{time}  SMS: {text}</translation>
    </message>
    <message>
        <source>No messages yet.</source>
        <translation>Сообщений пока нет.</translation>
    </message>
    <message>
        <source>A voice call. Answer it to hear the code.</source>
        <translation>Голосовой звонок. Ответьте, чтобы услышать код.</translation>
    </message>
    <message>
        <source>No call.</source>
        <translation>Звонков нет.</translation>
    </message>
    <message>
        <source>Incoming call from Trader Login…</source>
        <translation>Входящий звонок от Trader Login…</translation>
    </message>
    <message>
        <source>Call from Trader Login.</source>
        <translation>Звонок от Trader Login.</translation>
    </message>
    <message>
        <source>This is Trader Login. Your security code is:</source>
        <translation>Это Trader Login. Ваш код безопасности:</translation>
    </message>
    <message>
        <source>Play again</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Сообщения</translation>
    </message>
    <message>
        <source>Voice call</source>
        <translation>Голосовой звонок</translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation>&amp;Ответить</translation>
    </message>
    <message>
        <source>Texts and calls are shown with the embedded gateway only.</source>
        <translation>SMS и звонки отображаются только со встроенным шлюзом.</translation>
    </message>
</context>
<context>
    <name>RestartPanel</name>
    <message>
        <source>Restart without the second factor until %1</source>
        <translation>Перезапускать без второго фактора до %1</translation>
    </message>
    <message>
        <source>Restart without the second factor until the weekly cut-off</source>
        <translation>Перезапускать без второго фактора до еженедельного срока</translation>
    </message>
    <message>
        <source>This session was opened by a restart without the second factor, allowed on this computer until %1.</source>
        <translation>Сессия открыта перезапуском без второго фактора, разрешённым на этом компьютере до %1.</translation>
    </message>
    <message>
        <source>This session was opened by a restart without the second factor.</source>
        <translation>Сессия открыта перезапуском без второго фактора.</translation>
    </message>
    <message>
        <source>This computer may restart without the second factor until %1.</source>
        <translation>Этот компьютер может перезапускаться без второго фактора до %1.</translation>
    </message>
    <message>
        <source>The restart without the second factor until %1 is held by %2.</source>
        <translation>Перезапуск без второго фактора до %1 закреплён за %2.</translation>
    </message>
    <message>
        <source>another computer</source>
        <translation>другим компьютером</translation>
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
        <translation>Новые индексы</translation>
    </message>
    <message>
        <source>Waiting for your approval on the phone… %1 left</source>
        <translation>Ждём подтверждения на телефоне… осталось %1</translation>
    </message>
    <message>
        <source>The notification expired without an answer.</source>
        <translation>Срок действия уведомления истёк без ответа.</translation>
    </message>
    <message>
        <source>Number to pick on your phone: %1</source>
        <translation>Число для выбора на телефоне: %1</translation>
    </message>
    <message>
        <source>Pick this number on your phone</source>
        <translation>Выберите это число на телефоне</translation>
    </message>
    <message>
        <source>Time left to approve the login</source>
        <translation>Оставшееся время на подтверждение входа</translation>
    </message>
    <message>
        <source>A notification was sent to your phone. Open it in IB Key, pick the number shown here and approve the login.</source>
        <translation>На ваш телефон отправлено уведомление. Откройте его в IB Key, выберите показанное здесь число и подтвердите вход.</translation>
    </message>
    <message>
        <source>No more codes can be sent for this login.</source>
        <translation>Для этого входа больше нельзя отправить коды.</translation>
    </message>
    <message numerus="yes">
        <source>A new code can be sent in %n second(s).</source>
        <translation>
            <numerusform>Новый код можно отправить через %n секунду.</numerusform>
            <numerusform>Новый код можно отправить через %n секунды.</numerusform>
            <numerusform>Новый код можно отправить через %n секунд.</numerusform>
        </translation>
    </message>
    <message>
        <source>Send a new code by SMS</source>
        <translation>Новый код по SMS</translation>
    </message>
    <message>
        <source>Call me with a new code</source>
        <translation>Новый код звонком</translation>
    </message>
    <message>
        <source>Security code by voice call</source>
        <translation>Код безопасности по звонку</translation>
    </message>
    <message>
        <source>Click here if you do not receive the notification</source>
        <translation>Нажмите здесь, если уведомление не пришло</translation>
    </message>
    <message>
        <source>Send a new notification</source>
        <translation>Отправить новое уведомление</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>screen reader: the new-challenge marker, the challenge</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Log In</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Didn&apos;t receive a security code?</source>
        <translation>Не получили код безопасности?</translation>
    </message>
    <message>
        <source>IB Key</source>
        <translation>IB Key</translation>
    </message>
    <message>
        <source>Digital Security Card+</source>
        <translation>Цифровая карта безопасности+</translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation>Карта кодов безопасности</translation>
    </message>
    <message>
        <source>Online Security Code Card</source>
        <translation>Онлайн-карта кодов безопасности</translation>
    </message>
    <message>
        <source>Security code by SMS</source>
        <translation>Код безопасности по SMS</translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation>Временный код доступа</translation>
    </message>
    <message>
        <source>Second factor</source>
        <translation>Второй фактор</translation>
    </message>
    <message>
        <source>New challenge</source>
        <translation>Новый код запроса</translation>
    </message>
    <message>
        <source>&amp;Passcode</source>
        <translation>&amp;Код доступа</translation>
    </message>
    <message>
        <source>&amp;Response</source>
        <translation>&amp;Ответ</translation>
    </message>
    <message>
        <source>8-digit response</source>
        <translation>Ответ из 8 цифр</translation>
    </message>
    <message>
        <source>6 characters, no space</source>
        <translation>6 символов без пробела</translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation>Код из 6 цифр</translation>
    </message>
    <message>
        <source>Letters and digits</source>
        <translation>Буквы и цифры</translation>
    </message>
    <message>
        <source>A notification was sent to your phone. Open it and approve the login in IB Key.</source>
        <translation>На ваш телефон отправлено уведомление. Откройте его и подтвердите вход в IB Key.</translation>
    </message>
    <message>
        <source>In IB Key on your phone, tap Authenticate, enter this challenge and type the response:</source>
        <translation>В IB Key на телефоне нажмите «Аутентификация», введите этот код запроса и впишите ответ:</translation>
    </message>
    <message>
        <source>Press the button on your DSC+ until PIN&gt; shows, enter your PIN and press OK. At CHALLNG&gt; enter this challenge, press OK and type the response:</source>
        <translation>Нажимайте кнопку на DSC+, пока не появится PIN&gt;, введите PIN и нажмите OK. При CHALLNG&gt; введите этот код запроса, нажмите OK и впишите ответ:</translation>
    </message>
    <message>
        <source>Find these two index values on your card and enter their codes one after the other, without a space:</source>
        <translation>Найдите на карте эти два индекса и введите их коды подряд, без пробела:</translation>
    </message>
    <message>
        <source>You will receive a call within a minute at %1. The call reads out your security code.</source>
        <translation>В течение минуты вам позвонят на номер %1 и продиктуют код безопасности.</translation>
    </message>
    <message>
        <source>A code was sent to %1. Enter it below.</source>
        <translation>Код отправлен на %1. Введите его ниже.</translation>
    </message>
    <message>
        <source>Enter the temporary passcode Client Services gave you.</source>
        <translation>Введите временный код доступа, выданный службой поддержки клиентов.</translation>
    </message>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>Новый код через %n секунду</numerusform>
            <numerusform>Новый код через %n секунды</numerusform>
            <numerusform>Новый код через %n секунд</numerusform>
        </translation>
    </message>
    <message>
        <source>Authenticator app</source>
        <translation>Приложение-аутентификатор</translation>
    </message>
    <message>
        <source>Open your authenticator app and enter the 6-digit code shown for Trader Login.</source>
        <translation>Откройте приложение-аутентификатор и введите код из 6 цифр, показанный для Trader Login.</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>&amp;Код</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s) left</source>
        <translation>
            <numerusform>Осталась %n секунда</numerusform>
            <numerusform>Осталось %n секунды</numerusform>
            <numerusform>Осталось %n секунд</numerusform>
        </translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>Ключ безопасности</translation>
    </message>
    <message>
        <source>Register a security key</source>
        <translation>Зарегистрировать ключ</translation>
    </message>
    <message>
        <source>Enter the enrolment code Client Services gave you. Then you register your key.</source>
        <translation>Введите код регистрации, выданный службой поддержки клиентов. Затем вы зарегистрируете ключ.</translation>
    </message>
    <message>
        <source>Plug in the security key you want to register, name it if you like, then press Register and touch the key.</source>
        <translation>Подключите регистрируемый ключ безопасности, при желании назовите его, затем нажмите «Зарегистрировать ключ» и коснитесь его.</translation>
    </message>
    <message>
        <source>Touch your security key.</source>
        <translation>Коснитесь ключа безопасности.</translation>
    </message>
    <message>
        <source>If your key has a PIN, you will be asked for it.</source>
        <translation>Если у ключа есть PIN, вас попросят его ввести.</translation>
    </message>
    <message>
        <source>&amp;Enrolment code</source>
        <translation>&amp;Код регистрации</translation>
    </message>
    <message>
        <source>12 letters and digits</source>
        <translation>12 букв и цифр</translation>
    </message>
    <message>
        <source>Key &amp;name (optional):</source>
        <translation>&amp;Имя ключа (необязательно):</translation>
    </message>
    <message>
        <source>e.g. blue YubiKey</source>
        <translation>например, синий YubiKey</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Далее</translation>
    </message>
    <message>
        <source>Time left to use your security key</source>
        <translation>Оставшееся время на использование ключа безопасности</translation>
    </message>
    <message>
        <source>Your security key asks for its &amp;PIN:</source>
        <translation>Ключ безопасности запрашивает &amp;PIN:</translation>
    </message>
    <message numerus="yes">
        <source>%n try(s) left</source>
        <translation>
            <numerusform>Осталась %n попытка</numerusform>
            <numerusform>Осталось %n попытки</numerusform>
            <numerusform>Осталось %n попыток</numerusform>
        </translation>
    </message>
    <message>
        <source>A key&apos;s name is at most {count} characters, with no control characters.</source>
        <translation>Имя ключа — не более {count} символов, без управляющих символов.</translation>
    </message>
</context>
<context>
    <name>SecurityKeyTab</name>
    <message>
        <source>The security key could not be loaded.</source>
        <translation>Не удалось загрузить ключ безопасности.</translation>
    </message>
    <message>
        <source>Waiting for a touch — login by {user}</source>
        <translation>Ожидание касания — вход пользователя {user}</translation>
    </message>
    <message>
        <source>No security key selected</source>
        <translation>Ключ безопасности не выбран</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Не занят</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>Задать PIN</translation>
    </message>
    <message>
        <source>PIN: set</source>
        <translation>PIN: задан</translation>
    </message>
    <message>
        <source>PIN: none</source>
        <translation>PIN: нет</translation>
    </message>
    <message>
        <source>Change PIN</source>
        <translation>Изменить PIN</translation>
    </message>
    <message>
        <source>The security key waits for a touch.</source>
        <translation>Ключ безопасности ждёт касания.</translation>
    </message>
    <message>
        <source>Touched.</source>
        <translation>Касание выполнено.</translation>
    </message>
    <message>
        <source>PIN changed.</source>
        <translation>PIN изменён.</translation>
    </message>
    <message>
        <source>PIN set.</source>
        <translation>PIN задан.</translation>
    </message>
    <message>
        <source>The key was unplugged and plugged in again.</source>
        <translation>Ключ извлечён и вставлен снова.</translation>
    </message>
    <message>
        <source>Passkey removed.</source>
        <translation>Ключ доступа удалён.</translation>
    </message>
    <message>
        <source>The security key refused: {error}</source>
        <translation>Ключ безопасности отказал: {error}</translation>
    </message>
    <message>
        <source>Plays a FIDO2 security key plugged into this computer. When the login asks for the key, press Touch.</source>
        <translation>Эмулирует ключ безопасности FIDO2, подключённый к этому компьютеру. Когда вход запросит ключ, нажмите «Коснуться».</translation>
    </message>
    <message>
        <source>Touch</source>
        <translation>Коснуться</translation>
    </message>
    <message>
        <source>&amp;Passkeys on this key:</source>
        <translation>&amp;Ключи доступа в этом ключе:</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создан</translation>
    </message>
    <message>
        <source>Sign count</source>
        <translation>Счётчик подписей</translation>
    </message>
    <message>
        <source>Passkeys on this key</source>
        <translation>Ключи доступа в этом ключе</translation>
    </message>
    <message>
        <source>Passkey list columns</source>
        <translation>Столбцы списка ключей доступа</translation>
    </message>
    <message>
        <source>Remove passkey</source>
        <translation>Удалить ключ доступа</translation>
    </message>
    <message>
        <source>New P&amp;IN:</source>
        <translation>Новый P&amp;IN:</translation>
    </message>
    <message>
        <source>Unplug and plug in again</source>
        <translation>Извлечь и вставить снова</translation>
    </message>
    <message>
        <source>A PIN is at least {least} printable characters and at most {most} bytes.</source>
        <translation>PIN — не менее {least} печатных символов и не более {most} байт.</translation>
    </message>
    <message>
        <source>C&amp;urrent PIN:</source>
        <translation>&amp;Текущий PIN:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Enter the key&apos;s current PIN first.</source>
        <translation>Сначала введите текущий PIN ключа.</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <source>Reset key…</source>
        <translation>Сбросить ключ…</translation>
    </message>
    <message>
        <source>Reset the security key</source>
        <translation>Сброс ключа безопасности</translation>
    </message>
    <message>
        <source>Reset the security key?</source>
        <translation>Сбросить ключ безопасности?</translation>
    </message>
    <message>
        <source>Resetting deletes the key&apos;s passkeys and its PIN. Its sites no longer accept it.</source>
        <translation>Сброс удалит ключи доступа и PIN ключа. Сайты, где он зарегистрирован, перестанут его принимать.</translation>
    </message>
    <message>
        <source>The key was reset.</source>
        <translation>Ключ сброшен.</translation>
    </message>
    <message>
        <source>The key&apos;s PIN is blocked: only resetting the key makes it usable again.</source>
        <translation>PIN ключа заблокирован: снова использовать ключ можно только после сброса.</translation>
    </message>
    <message numerus="yes">
        <source>Wrong current PIN: %n try(s) left.</source>
        <translation>
            <numerusform>Неверный текущий PIN: осталась %n попытка.</numerusform>
            <numerusform>Неверный текущий PIN: осталось %n попытки.</numerusform>
            <numerusform>Неверный текущий PIN: осталось %n попыток.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionWindow</name>
    <message>
        <source>paper trading</source>
        <translation>учебная торговля</translation>
    </message>
    <message>
        <source>live trading</source>
        <translation>реальная торговля</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Paper trading: simulated orders, no real money.</source>
        <translation>Учебная торговля: заявки моделируются, реальные деньги не используются.</translation>
    </message>
    <message>
        <source>None (read-only session)</source>
        <translation>Нет (сессия только для чтения)</translation>
    </message>
    <message>
        <source>None (password only)</source>
        <translation>Нет (только пароль)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>Session ended</source>
        <translation>Сессия завершена</translation>
    </message>
    <message>
        <source>This session was taken over by a login elsewhere. It has ended here.</source>
        <translation>Сессию перехватил вход в другом месте. Здесь она завершена.</translation>
    </message>
    <message>
        <source>This session has expired.</source>
        <translation>Срок действия сессии истёк.</translation>
    </message>
    <message>
        <source>This session has ended.</source>
        <translation>Сессия завершена.</translation>
    </message>
    <message>
        <source>Back to login</source>
        <translation>Вернуться ко входу</translation>
    </message>
    <message>
        <source>Trader Login — session</source>
        <translation>Trader Login — сессия</translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation>Вход выполнен</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>Индивидуальный</translation>
    </message>
    <message>
        <source>Joint</source>
        <translation>Совместный</translation>
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
        <translation>Выйти и закрыть?</translation>
    </message>
    <message>
        <source>Log out?</source>
        <translation>Выйти?</translation>
    </message>
    <message>
        <source>Closing this window ends the session.</source>
        <translation>Если закрыть это окно, сессия завершится.</translation>
    </message>
    <message>
        <source>This ends the session.</source>
        <translation>Сессия будет завершена.</translation>
    </message>
    <message>
        <source>Forget this computer (the next login needs the second factor)</source>
        <translation>Забыть этот компьютер (следующий вход — со вторым фактором)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Счёт</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <source>Withdrawal limits</source>
        <translation>Лимиты на вывод</translation>
    </message>
    <message>
        <source>Restrictions</source>
        <translation>Ограничения</translation>
    </message>
    <message>
        <source>Session expires</source>
        <translation>Сессия истекает</translation>
    </message>
    <message>
        <source>Log Out</source>
        <translation>Выйти</translation>
    </message>
</context>
<context>
    <name>TotpTab</name>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>Новый код через %n секунду</numerusform>
            <numerusform>Новый код через %n секунды</numerusform>
            <numerusform>Новый код через %n секунд</numerusform>
        </translation>
    </message>
    <message>
        <source>Code copied.</source>
        <translation>Код скопирован.</translation>
    </message>
    <message>
        <source>Hide setup key</source>
        <translation>Скрыть ключ настройки</translation>
    </message>
    <message>
        <source>Show setup key</source>
        <translation>Показать ключ настройки</translation>
    </message>
    <message>
        <source>Plays an authenticator app: the code for the selected user changes every 30 seconds. Type it into the login window&apos;s Authenticator app page.</source>
        <translation>Эмулирует приложение-аутентификатор: код выбранного пользователя меняется каждые 30 секунд. Введите его на странице «Приложение-аутентификатор» в окне входа.</translation>
    </message>
    <message>
        <source>Current code</source>
        <translation>Текущий код</translation>
    </message>
    <message>
        <source>Time left for this code</source>
        <translation>Оставшееся время действия кода</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Копировать код</translation>
    </message>
    <message>
        <source>Enrolment QR code</source>
        <translation>QR-код для регистрации</translation>
    </message>
    <message>
        <source>Scan with your phone&apos;s authenticator app to use it instead</source>
        <translation>Отсканируйте приложением-аутентификатором на телефоне, чтобы использовать его вместо эмулятора</translation>
    </message>
    <message>
        <source>Setup key</source>
        <translation>Ключ настройки</translation>
    </message>
</context>
</TS>

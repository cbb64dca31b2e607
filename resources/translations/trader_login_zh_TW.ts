<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>CardsTab</name>
    <message>
        <source>The card could not be saved: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card could not be printed: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save card as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Those are not the codes at index values {a} and {b} of this card. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This card&apos;s owner is not known: open it from the device list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card is active: valid for 21 days from now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The activation failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code at &amp;index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activate this Online Security Code Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation needs the Client Services desk of the embedded gateway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the codes at index values {a} and {b}. The card is then valid for 21 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code at {a}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code at {b}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Activate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card&apos;s grid of codes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientServicesTab</name>
    <message>
        <source>Failed attempts: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temporary passcode in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind} {id} ({status})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued by the demo set-up. Not issued again until the device is reactivated (R9).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary passcode for {user}: tell it to the trader by telephone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{user} is unlocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{user}&apos;s device is active again; any temporary passcode and online card ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online Security Code Card {serial} issued: see the Cards tab to print and activate it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The desk could not do that ({kind}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost or forgotten device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue &amp;temporary passcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue &amp;Online Security Code Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U&amp;nlock user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reactivate device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Client Services desk is part of the embedded gateway only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CredentialsPage</name>
    <message>
        <source>Live trading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paper trading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caps Lock is on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remember user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgot user name or password?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgotten user name or password, or a lost device: help is by telephone. Call Client Services; once they have confirmed who you are, they can reset your password or issue a temporary passcode so that you can log in today.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeviceChoicePage</name>
    <message>
        <source>Security level %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a security device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have more than one active device. The most secure is listed first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DevicePicker</name>
    <message>
        <source>&amp;Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open device file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No device yet: open a device file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read {path}: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} holds a {found}, not a {wanted}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open device file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DscPlusTab</name>
    <message>
        <source>The device&apos;s state could not be saved: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DSC+</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press button (on / PIN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DSC+ display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press ON until PIN&gt; shows, type the 4-digit PIN and OK; at CHALLNG&gt; type the 6-digit challenge from the login window and OK. The keyboard works too: digits, Enter, Space.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Emulators</name>
    <message>
        <source>Online Security Code Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial {serial}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the codes at the two index values the login shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this card safe. Client Services never asks for its codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DSC+</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IB Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{user} — {device} {ident}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmulatorsWindow</name>
    <message>
        <source>The device files could not be read ({kind}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device emulators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DSC+</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IB Key phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client Services</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExistingSessionPage</name>
    <message>
        <source>Already logged in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This user name is already logged in elsewhere. Log in here and disconnect the other session?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the other session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IbKeyTab</name>
    <message>
        <source>{time}  Login request for {user}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No notification. Log in with an IB Key user to receive one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User: {user}
{summary}
Sent: {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved. The login continues on the desktop by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denied. The login was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway could not be reached ({kind}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an IB Key device first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The challenge is 8 digits, as the login window shows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type this response into the login window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm it is you: touch the fingerprint sensor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Touch to confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authenticate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Challenge:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8 digits from the login window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications need a gateway to poll.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>Trader Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secure Login System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter read only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device emulators…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>User names are lower case. Is Caps Lock on?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid user name password combination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caps Lock is on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The other session stays logged in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session was disconnected because the user name logged in elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of the devices listed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The challenge expired. Here is a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The code expired. Ask for a new code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification expired. Send a new one, or use challenge/response.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The temporary passcode has expired. Please call Client Services.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This login has expired or was already used. Please log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This notification has expired or was already answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session has ended. Please log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway failed to handle this request. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logins for this user name are only allowed from the IP addresses set by the account&apos;s primary user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No security device is active for this user name. Please call Client Services: they can issue a temporary passcode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This security device can no longer be used for this user name. Please log in again, or call Client Services.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This temporary passcode now only opens the Client Portal, where you can print an Online Security Code Card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No more codes can be sent for this login. Please log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a paper trading user name. Switch to Paper to log in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a live trading user name. Switch to Live to log in; paper trading has its own user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The DSC+ response is 8 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IB Key response is 8 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The security code is 6 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the two 3-character codes from your card, one after the other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The temporary passcode is upper-case letters and digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway&apos;s certificate does not match the one this client trusts. Nothing was sent. If the gateway was set up again, trust its new certificate; otherwise someone may be intercepting the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway could not prove it knows your password verifier. It may not be the real gateway: nothing more was sent to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway asked for password hardening outside this client&apos;s safe bounds. Nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway&apos;s reply is not the SLS protocol. Nothing more was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The login stopped because of an internal error in this client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logging out…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacting your device…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the response…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking for a challenge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending a new code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening a read-only session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taking over the session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keeping the other session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the gateway…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway is not running or cannot be reached at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway did not answer within %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway failed with an internal fault (HTTP %1). Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many login requests from this address. Try again in %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please wait %1 s before asking for a new code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logged out here; the gateway could not be told: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is a full-width character: switch the input method to half-width.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhoneTab</name>
    <message>
        <source>The phone&apos;s messages cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{time}  Call from Trader Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{time}  SMS: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A voice call. Answer it to hear the code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming call from Trader Login…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call from Trader Login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is Trader Login. Your security code is:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voice call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texts and calls are shown with the embedded gateway only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecondFactorPage</name>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for your approval on the phone… %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification expired without an answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No more codes can be sent for this login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>A new code can be sent in %n second(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Click here if you do not receive the notification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a new notification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Didn&apos;t receive a security code?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IB Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digital Security Card+</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security Code Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online Security Code Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security code by SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temporary passcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8-digit response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6 characters, no space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letters and digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A notification was sent to your phone. Open it and approve the login in IB Key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In IB Key on your phone, tap Authenticate, enter this challenge and type the response:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press the button on your DSC+ until PIN&gt; shows, enter your PIN and press OK. At CHALLNG&gt; enter this challenge, press OK and type the response:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find these two index values on your card and enter their codes one after the other, without a space:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You will receive a call within a minute at %1. The call reads out your security code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A code was sent to %1. Enter it below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the temporary passcode Client Services gave you.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionWindow</name>
    <message>
        <source>paper trading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live trading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (read-only session)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (password only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session was taken over by a login elsewhere. It has ended here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session has ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trader Login — session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdrawal limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restrictions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log Out</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>self.window</name>
    <message>
        <source>The demo gateway is still starting; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

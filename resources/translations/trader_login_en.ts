<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>IbKeyTab</name>
    <message numerus="yes">
        <source>%n notification(s) waiting</source>
        <translation>
            <numerusform>%n notification waiting</numerusform>
            <numerusform>%n notifications waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhoneTab</name>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n new message</numerusform>
            <numerusform>%n new messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SecondFactorPage</name>
    <message numerus="yes">
        <source>A new code can be sent in %n second(s).</source>
        <translation>
            <numerusform>A new code can be sent in %n second.</numerusform>
            <numerusform>A new code can be sent in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>New code in %n second</numerusform>
            <numerusform>New code in %n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s) left</source>
        <translation>
            <numerusform>%n second left</numerusform>
            <numerusform>%n seconds left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n try(s) left</source>
        <translation>
            <numerusform>%n try left</numerusform>
            <numerusform>%n tries left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SecurityKeyTab</name>
    <message numerus="yes">
        <source>Wrong current PIN: %n try(s) left.</source>
        <translation>
            <numerusform>Wrong current PIN: %n try left.</numerusform>
            <numerusform>Wrong current PIN: %n tries left.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TotpTab</name>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>New code in %n second</numerusform>
            <numerusform>New code in %n seconds</numerusform>
        </translation>
    </message>
</context>
</TS>

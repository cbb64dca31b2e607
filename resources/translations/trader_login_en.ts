<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>SecondFactorPage</name>
    <message numerus="yes">
        <source>A new code can be sent in %n second(s).</source>
        <translation>
            <numerusform>A new code can be sent in %n second.</numerusform>
            <numerusform>A new code can be sent in %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>

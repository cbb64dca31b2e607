; Inno Setup script of Trader Login: a per-user installer (no administrator rights) of the one-folder
; PyInstaller bundle, with a Start-menu entry and an uninstaller.
;
;   pyinstaller --noconfirm --distpath build\bundle --workpath build\pyinstaller packaging\trader-login.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\trader-login.iss
;
; gives build\installer\trader-login-0.1.0-setup.exe. The version comes from /DAppVersion=..., else from the
; environment variable TRADER_LOGIN_VERSION, else "0.0.0". /DBundleDir=... overrides where the bundle is
; (default: build\bundle\trader-login beside the checkout's packaging folder).
; Signing: give iscc a sign tool (/Ssigntool=...) and add SignTool=signtool to [Setup]; see packaging/README.md.

#ifndef AppVersion
  #define AppVersion GetEnv("TRADER_LOGIN_VERSION")
#endif
#if AppVersion == ""
  #undef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir AddBackslash(SourcePath) + "..\..\build\bundle\trader-login"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\build\installer"
#endif
#define AppName "Trader Login"
#define AppExe "trader-login.exe"

#if !FileExists(AddBackslash(BundleDir) + AppExe)
  #error The bundle is missing: build it first (pyinstaller packaging\trader-login.spec)
#endif

[Setup]
; A fixed id: upgrades and the uninstaller find earlier installs by it. Never change it.
AppId={{6C1D7A3E-52B4-4C8E-9F0A-7E3D2B1C9A41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Trader Login
VersionInfoVersion={#AppVersion}
; Per user, without administrator rights: installs under %LOCALAPPDATA%\Programs, the Start menu entry in
; the user's own Programs folder, the uninstaller in "Apps & features" of this user only.
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
OutputDir={#OutputDir}
OutputBaseFilename=trader-login-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: the executable and its _internal folder.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle's libraries wholesale: files of the previous version must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Bytecode or logs the app may have written beside itself. The trader's data (settings, the embedded
; gateway's database and certificate under %LOCALAPPDATA%) is left in place on purpose.
Type: filesandordirs; Name: "{app}\_internal"

; Inno Setup script of Caisse (Inno Setup 6.3 or later). packaging/build.ps1 runs it as
;
;   ISCC.exe /DAppVersion=0.1.0 /DAppSource=C:\...\dist\caisse /DOutputDir=C:\...\dist caisse.iss
;
; It installs the PyInstaller onedir folder (dist\caisse): caisse-gui.exe, the windowed program
; that the Start-menu entry opens, and caisse.exe, the console program of the command line.
; Per-user install by default (no administrator rights, into %LOCALAPPDATA%\Programs\Caisse);
; the first page offers an install for all users instead. The uninstaller removes the program
; and its shortcuts, never the data (%LOCALAPPDATA%\Caisse: databases and backups).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef AppSource
  #define AppSource "..\..\dist\caisse"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "Caisse"
#define GuiExe "caisse-gui.exe"
#define CliExe "caisse.exe"

[Setup]
; The AppId identifies Caisse for upgrades and uninstall: never change it.
AppId={{7545344F-D50B-421A-B560-E9AD69C302AF}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=caisse-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\caisse.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
fr.CommandLine=Caisse (ligne de commande)
en.CommandLine=Caisse (command line)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole program folder: no library of the previous version stays.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#AppSource}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"
; A command prompt where `caisse` is on the PATH, starting with its help.
Name: "{autoprograms}\{cm:CommandLine}"; Filename: "{cmd}"; Parameters: "/k set ""PATH={app};%PATH%"" && caisse --help"; WorkingDir: "{userdocs}"; IconFilename: "{app}\{#CliExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

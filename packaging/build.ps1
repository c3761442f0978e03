<#
.SYNOPSIS
Build Caisse on Windows: PyInstaller onedir, checks, then a zip and the Inno Setup installer.

.DESCRIPTION
    powershell -ExecutionPolicy Bypass -File packaging\build.ps1 [-ReuseVenv] [-NoPackage]

Creates build\venv, installs the project and PyInstaller, builds dist\caisse\ with
packaging\caisse.spec (caisse.exe: console, the command line; caisse-gui.exe: windowed, the
Start-menu entry), then checks the build: --version, --bundle-check, the self-test of both
executables on a demo database in a temporary CAISSE_DATA_DIR, verify and status, and the size
limit. Then dist\caisse-VERSION-windows-x64.zip and, when Inno Setup 6 is installed,
dist\caisse-VERSION-windows-x64-setup.exe, which is installed silently into a temporary folder,
started once and uninstalled.

.PARAMETER Python
The Python 3.11+ to build with (default: `py -3.11`, else `python`).

.PARAMETER SizeLimitMB
Fail when dist\caisse is larger (default 160, or CAISSE_SIZE_LIMIT_MB).

.PARAMETER ReuseVenv
Keep build\venv as it is (no pip install).

.PARAMETER NoPackage
Stop after the checks.
#>
[CmdletBinding()]
param(
    [string]$Python = "",
    [int]$SizeLimitMB = 0,
    [switch]$ReuseVenv,
    [switch]$NoPackage
)

Set-StrictMode -Version 3
$ErrorActionPreference = 'Stop'

# PyInstaller: 6.10 is the oldest release this spec was written against; 7 may change the spec API.
$PyInstallerRequirement = 'pyinstaller>=6.10,<7'
# Size limit of the onedir folder (MiB). Not measured on Windows yet (Linux: 122 MiB, of which
# 31 MiB of ICU data that Windows builds do not ship): a first guess, see packaging\README.md.
if ($SizeLimitMB -le 0) {
    $SizeLimitMB = if ($env:CAISSE_SIZE_LIMIT_MB) { [int]$env:CAISSE_SIZE_LIMIT_MB } else { 160 }
}
$MeasureRuns = if ($env:CAISSE_MEASURE_RUNS) { [int]$env:CAISSE_MEASURE_RUNS } else { 3 }

$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
$Venv = Join-Path $Root 'build\venv'
$VenvPython = Join-Path $Venv 'Scripts\python.exe'
$Arch = if ($env:PROCESSOR_ARCHITECTURE -eq 'ARM64') { 'arm64' } else { 'x64' }

function Step([string]$Text) { Write-Host ''; Write-Host "== $Text" }

function Fail([string]$Text) {
    [Console]::Error.WriteLine("build.ps1: $Text")
    exit 1
}

# Runs a program; fails the build when it exits with another code than 0. Native programs
# writing on stderr must not stop the script (Windows PowerShell 5.1 would, under 'Stop').
function Invoke-Native([string]$What, [string]$Program, [string[]]$Arguments) {
    $saved = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try {
        & $Program @Arguments
        $code = $LASTEXITCODE
    } finally {
        $ErrorActionPreference = $saved
    }
    if ($code -ne 0) { Fail "$What failed (exit $code)" }
}

# Starts a program and waits at most $Seconds; returns its exit code. For the windowed
# executable, which a console does not wait for.
function Invoke-Waiting([string]$Program, [string[]]$Arguments, [int]$Seconds) {
    $process = Start-Process -FilePath $Program -ArgumentList $Arguments -PassThru -NoNewWindow
    $null = $process.Handle  # keeps the handle, without which ExitCode may stay empty
    if (-not $process.WaitForExit($Seconds * 1000)) {
        $process.Kill()
        Fail "$Program $($Arguments -join ' ') did not end within $Seconds s"
    }
    return $process.ExitCode
}

function Get-SizeMB([string]$Path) {
    $bytes = (Get-ChildItem -LiteralPath $Path -Recurse -File -Force | Measure-Object -Sum Length).Sum
    return [math]::Round($bytes / 1MB, 1)
}

# --- 1. build environment ----------------------------------------------------------------------
Step "Python and the build environment ($Venv)"
if (-not $Python) {
    if (Get-Command py -ErrorAction SilentlyContinue) {
        $Python = (& py -3.11 -c 'import sys; print(sys.executable)' | Select-Object -First 1)
    }
    if (-not $Python) { $Python = 'python' }
}
& $Python -c 'import sys; sys.exit(sys.version_info < (3, 11))'
if ($LASTEXITCODE -ne 0) { Fail "$Python is missing or older than 3.11" }

if ($ReuseVenv -and (Test-Path $VenvPython)) {
    Write-Host "reusing $Venv as it is"
} else {
    Invoke-Native 'venv' $Python @('-m', 'venv', $Venv)
    Invoke-Native 'pip upgrade' $VenvPython @('-m', 'pip', 'install', '--quiet', '--upgrade', 'pip')
    Invoke-Native 'pip install' $VenvPython @('-m', 'pip', 'install', '--quiet', $Root, $PyInstallerRequirement)
}
$versionOutput = & $VenvPython -c "import sys; sys.path.insert(0, 'src'); import caisse; print(caisse.__version__)"
$Version = "$versionOutput".Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { Fail 'cannot read the version from src\caisse' }
Write-Host "Caisse $Version"

# --- 2. PyInstaller ----------------------------------------------------------------------------
Step 'PyInstaller (packaging\caisse.spec)'
foreach ($old in @('dist\caisse', 'build\pyinstaller')) {
    if (Test-Path $old) { Remove-Item -Recurse -Force $old }
}
Invoke-Native 'PyInstaller' $VenvPython @('-m', 'PyInstaller', '--noconfirm', '--clean',
    '--log-level', 'WARN', '--distpath', 'dist', '--workpath', 'build\pyinstaller',
    'packaging\caisse.spec')

$Exe = Join-Path $Root 'dist\caisse\caisse.exe'
$GuiExe = Join-Path $Root 'dist\caisse\caisse-gui.exe'
foreach ($file in @($Exe, $GuiExe)) {
    if (-not (Test-Path $file)) { Fail "no executable at $file" }
}

# --- 3. checks on the built program ---------------------------------------------------------------
Step 'Checks of the built program'
$CheckDir = Join-Path ([IO.Path]::GetTempPath()) ('caisse-check-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $CheckDir | Out-Null
$env:CAISSE_DATA_DIR = $CheckDir   # never the user's data folder
Remove-Item Env:CAISSE_LANG, Env:CAISSE_PASSWORD -ErrorAction SilentlyContinue
try {
    $versionLine = (& $Exe --version | Out-String).Trim()
    Write-Host "-- caisse.exe --version: $versionLine"
    if ($versionLine -ne "caisse $Version") { Fail "--version printed '$versionLine', not 'caisse $Version'" }

    Write-Host "-- bundle check (catalogues, icon, migrations, Babel fr_FR/en_GB, Qt's French, SVG)"
    Invoke-Native 'the bundle check' $Exe @('--bundle-check')

    Write-Host "-- self-test of caisse.exe on the demo database (built first), data in $CheckDir"
    $code = Invoke-Waiting $Exe @('--demo', '--self-test') 900
    if ($code -ne 0) { Fail "the self-test of caisse.exe failed (exit $code)" }
    $DemoDb = Join-Path $CheckDir 'demo.db'
    if (-not (Test-Path $DemoDb)) { Fail "the self-test left no demo database at $DemoDb" }

    Write-Host '-- self-test of caisse-gui.exe (windowed)'
    $code = Invoke-Waiting $GuiExe @('--demo', '--self-test') 300
    if ($code -ne 0) {
        $log = Join-Path $CheckDir 'caisse-gui.log'
        if (Test-Path $log) { Get-Content $log | Write-Host }
        Fail "the self-test of caisse-gui.exe failed (exit $code)"
    }

    Write-Host '-- verify and status on the demo database'
    Invoke-Native 'caisse verify' $Exe @('verify', '--db', $DemoDb)
    Invoke-Native 'caisse status' $Exe @('--lang', 'fr', 'status', '--db', $DemoDb)

    if ($MeasureRuns -gt 0) {
        Write-Host "-- start-up: $MeasureRuns self-test runs on the existing demo database"
        $times = @()
        for ($i = 0; $i -lt $MeasureRuns; $i++) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $code = Invoke-Waiting $Exe @('--demo', '--self-test') 300
            $watch.Stop()
            if ($code -ne 0) { Fail 'a timed self-test failed' }
            $times += [int]$watch.Elapsed.TotalMilliseconds
        }
        $sorted = @($times | Sort-Object)
        $median = $sorted[[int][math]::Floor(($sorted.Count - 1) / 2)]
        Write-Host "self-test wall times (ms): $($times -join ' '); median $median ms"
    }
} finally {
    Remove-Item -Recurse -Force $CheckDir -ErrorAction SilentlyContinue
    Remove-Item Env:CAISSE_DATA_DIR -ErrorAction SilentlyContinue
}

# --- 4. size limit -----------------------------------------------------------------------------
Step 'Size'
$size = Get-SizeMB 'dist\caisse'
Write-Host "dist\caisse: $size MiB (limit $SizeLimitMB MiB)"
if ($size -gt $SizeLimitMB) {
    Fail "dist\caisse is $size MiB, over the limit of $SizeLimitMB MiB: look at what was added (build\pyinstaller\caisse\xref-caisse.html) before raising it"
}

if ($NoPackage) {
    Write-Host 'build.ps1: -NoPackage: stopping after the checks'
    exit 0
}

# --- 5. zip and installer ----------------------------------------------------------------------
Step 'Windows: zip (portable)'
$zip = Join-Path $Root "dist\caisse-$Version-windows-$Arch.zip"
if (Test-Path $zip) { Remove-Item -Force $zip }
Compress-Archive -Path (Join-Path $Root 'dist\caisse') -DestinationPath $zip
Write-Host "$zip : $([math]::Round((Get-Item $zip).Length / 1MB, 1)) MiB"

Step 'Windows: Inno Setup installer'
$iscc = $null
$candidates = @()
if ($env:ISCC) { $candidates += $env:ISCC }
$onPath = Get-Command ISCC.exe -ErrorAction SilentlyContinue
if ($onPath) { $candidates += $onPath.Source }
foreach ($base in @(${env:ProgramFiles(x86)}, $env:ProgramFiles, $env:LOCALAPPDATA)) {
    if ($base) {
        $candidates += (Join-Path $base 'Inno Setup 6\ISCC.exe')
        $candidates += (Join-Path $base 'Programs\Inno Setup 6\ISCC.exe')
    }
}
foreach ($candidate in $candidates) {
    if ($candidate -and (Test-Path $candidate)) { $iscc = $candidate; break }
}
if (-not $iscc) {
    Write-Host 'SKIPPED: Inno Setup 6 (ISCC.exe) is not installed: install it (winget install'
    Write-Host 'JRSoftware.InnoSetup, or choco install innosetup) or set ISCC. The zip is built.'
} else {
    Invoke-Native 'Inno Setup' $iscc @("/DAppVersion=$Version",
        "/DAppSource=$(Join-Path $Root 'dist\caisse')", "/DOutputDir=$(Join-Path $Root 'dist')",
        (Join-Path $Root 'packaging\windows\caisse.iss'))
    $setup = Join-Path $Root "dist\caisse-$Version-windows-x64-setup.exe"
    if (-not (Test-Path $setup)) { Fail "Inno Setup made no $setup" }
    Write-Host "$setup : $([math]::Round((Get-Item $setup).Length / 1MB, 1)) MiB"

    Write-Host '-- installer check: silent per-user install into a temporary folder, run, uninstall'
    $target = Join-Path ([IO.Path]::GetTempPath()) ('caisse-install-' + [guid]::NewGuid().ToString('N'))
    $code = Invoke-Waiting $setup @('/VERYSILENT', '/SUPPRESSMSGBOXES', '/NORESTART', '/CURRENTUSER',
        "/DIR=`"$target`"") 600
    if ($code -ne 0) { Fail "the silent install failed (exit $code)" }
    $installed = (& (Join-Path $target 'caisse.exe') --version | Out-String).Trim()
    if ($installed -ne "caisse $Version") { Fail "the installed caisse.exe printed '$installed'" }
    $uninstaller = Join-Path $target 'unins000.exe'
    $code = Invoke-Waiting $uninstaller @('/VERYSILENT', '/SUPPRESSMSGBOXES', '/NORESTART') 600
    if ($code -ne 0) { Fail "the silent uninstall failed (exit $code)" }
    Write-Host "installed, ran ($installed) and uninstalled"
}

Step 'Done'
Get-ChildItem (Join-Path $Root 'dist') | Format-Table Name, Length -AutoSize

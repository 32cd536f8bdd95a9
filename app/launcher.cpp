// The `revisor` executable: a launcher that loads QtCore and nothing else. Starting the full
// application costs 25-35 ms before main() (the dynamic linker relocating some 76 libraries:
// libpq and its TLS, Kerberos and LDAP stack, QtGui, QtWidgets, the keychain, QCustomPlot),
// several times the in-process diff of two 2,000-table snapshots; this one starts in ~5 ms.
// So the commands that only read files run here, in process; every other invocation (the
// other verbs, --help, --version, the window) becomes the full application, revisor-app beside
// this file, with the same arguments (argv[0] kept, so usage texts still say "revisor").
// execv() keeps the process id, so the callers' signals (Ctrl-C on `revisor scratch`) still
// reach it.
#include "filecli/diffcommand.h"

#include <QCoreApplication>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {

// Exit code when the full application cannot be started: the run could not happen, as for a
// database that cannot be reached (the CLI's 3), not bad input (2).
constexpr int kCannotStart = 3;
constexpr const char *kApplication = "revisor-app";

// The directory of this executable: the full application lives beside it, in build/bin/ of a
// build tree and in the bindir once installed (it finds its resources relative to itself).
std::string ownDirectory()
{
    char path[PATH_MAX];
    const ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0)
        return {};
    const std::string self(path, size_t(length));
    return self.substr(0, self.rfind('/'));
}

int runFullApplication(char *argv[])
{
    const std::string directory = ownDirectory();
    const std::string application = (directory.empty() ? std::string(".") : directory) + '/' + kApplication;
    execv(application.c_str(), argv);
    std::fprintf(stderr, "revisor: cannot start %s: %s\n", application.c_str(), std::strerror(errno));
    return kCannotStart;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc < 2 || std::strcmp(argv[1], "diff") != 0)
        return runFullApplication(argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("revisor"));
    revisor::cli::Console console;
    for (int i = 0; i < argc; ++i)
        console.arguments << QString::fromLocal8Bit(argv[i]);
    console.command = console.arguments.at(1);
    return revisor::cli::cmdDiff(console);
}

// The `revisor` launcher (app/launcher.cpp): it runs `diff` itself without loading a database
// client or a GUI library, and hands every other invocation to revisor-app beside it.
#include "clirun.h"
#include "schema/snapshot.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <elf.h>

using namespace revisor;

namespace {

// The DT_NEEDED entries of an ELF64 executable, read from its dynamic section (no readelf:
// binutils is not among the project's dependencies).
QStringList neededLibraries(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray elf = file.readAll();
    if (elf.size() < qsizetype(sizeof(Elf64_Ehdr)) || !elf.startsWith(ELFMAG) || elf[EI_CLASS] != ELFCLASS64)
        return {};
    const auto *header = reinterpret_cast<const Elf64_Ehdr *>(elf.constData());
    if (header->e_shoff + quint64(header->e_shnum) * sizeof(Elf64_Shdr) > quint64(elf.size()))
        return {};
    const auto *sections = reinterpret_cast<const Elf64_Shdr *>(elf.constData() + header->e_shoff);
    QStringList needed;
    for (int i = 0; i < header->e_shnum; ++i) {
        if (sections[i].sh_type != SHT_DYNAMIC || sections[i].sh_link >= header->e_shnum)
            continue;
        const Elf64_Shdr &strings = sections[sections[i].sh_link];
        const auto *entry = reinterpret_cast<const Elf64_Dyn *>(elf.constData() + sections[i].sh_offset);
        for (; entry->d_tag != DT_NULL; ++entry) {
            if (entry->d_tag == DT_NEEDED)
                needed << QString::fromLatin1(elf.constData() + strings.sh_offset + entry->d_un.d_val);
        }
    }
    return needed;
}

} // namespace

class TestLauncher : public QObject
{
    Q_OBJECT

private slots:
    void loadsNoDatabaseClientNorGui();
    void diffRunsInTheLauncher();
    void otherCommandsRunTheFullApplication();
    void missingFullApplicationIsNamed();
};

void TestLauncher::loadsNoDatabaseClientNorGui()
{
    const QString launcher = qEnvironmentVariable("REVISOR_BINARY");
    const QStringList needed = neededLibraries(launcher);
    QVERIFY2(needed.contains(QStringLiteral("libQt6Core.so.6")), qPrintable(needed.join(u' ')));
    for (const QString &library : needed) {
        for (const char *forbidden : {"libpq", "Qt6Sql", "Qt6Gui", "Qt6Widgets", "Qt6PrintSupport", "keychain", "qcustomplot", "pg_query"})
            QVERIFY2(!library.contains(QLatin1String(forbidden), Qt::CaseInsensitive), qPrintable(library));
    }
    QVERIFY(QFileInfo(QFileInfo(launcher).dir().filePath(QStringLiteral("revisor-app"))).isExecutable());
}

void TestLauncher::diffRunsInTheLauncher()
{
    QTemporaryDir dir;
    Snapshot a;
    Table t;
    t.schema = QStringLiteral("public");
    t.name = QStringLiteral("t");
    t.kind = QStringLiteral("table");
    a.tables << t;
    Snapshot b = a;
    b.tables[0].comment = QStringLiteral("changed");
    const QString fa = dir.filePath(QStringLiteral("a.json")), fb = dir.filePath(QStringLiteral("b.json"));
    QVERIFY(writeSnapshotFile(a, fa));
    QVERIFY(writeSnapshotFile(b, fb));

    test::CliRun same = test::runRevisor({QStringLiteral("diff"), fa, fa});
    QCOMPARE(same.exitCode, 0);
    QCOMPARE(same.out, QStringLiteral("no differences\n"));
    test::CliRun differ = test::runRevisor({QStringLiteral("diff"), fa, fb});
    QCOMPARE(differ.exitCode, 1);
    QVERIFY2(differ.out.contains(QStringLiteral("public.t comment")), qPrintable(differ.out));
    test::CliRun json = test::runRevisor({QStringLiteral("diff"), QStringLiteral("--json"), fa, fb});
    QCOMPARE(json.exitCode, 1);
    QVERIFY2(json.out.contains(QStringLiteral("\"attribute\": \"comment\"")), qPrintable(json.out));
    test::CliRun help = test::runRevisor({QStringLiteral("diff"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(QStringLiteral("--sql")));
    test::CliRun missing = test::runRevisor({QStringLiteral("diff"), fa, dir.filePath(QStringLiteral("none.json"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains(QStringLiteral("none.json")), qPrintable(missing.err));
}

void TestLauncher::otherCommandsRunTheFullApplication()
{
    test::CliRun version = test::runRevisor({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.out.startsWith(QStringLiteral("revisor ")), qPrintable(version.out));
    test::CliRun help = test::runRevisor({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(QStringLiteral("Usage: revisor")));
    QVERIFY(help.out.contains(QStringLiteral("  diff ")));
    test::CliRun unknown = test::runRevisor({QStringLiteral("frobnicate")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains(QStringLiteral("unknown command 'frobnicate'")));
    test::CliRun history = test::runRevisor({QStringLiteral("history")});
    QCOMPARE(history.exitCode, 0);
    QVERIFY(!history.out.isEmpty());
}

void TestLauncher::missingFullApplicationIsNamed()
{
    QTemporaryDir dir;
    const QString lonely = dir.filePath(QStringLiteral("revisor"));
    QVERIFY(QFile::copy(qEnvironmentVariable("REVISOR_BINARY"), lonely));
    QProcess p;
    p.start(lonely, {QStringLiteral("--version")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 3);
    const QString err = QString::fromLocal8Bit(p.readAllStandardError());
    QVERIFY2(err.contains(dir.filePath(QStringLiteral("revisor-app"))), qPrintable(err));
}

QTEST_GUILESS_MAIN(TestLauncher)
#include "tst_launcher.moc"

// Benchmark (issue 8, reading other tools' layouts): a generated golang-migrate project of
// N revisions (2N files of a few statements each) read by the pairs reader, and
// `revisor history --set DIR` run as a user runs it, beside reading the same files' bytes
// alone in the same run, so the figures compare across machines. Not a test: it prints
// figures.
//
//   bench_layoutload [REVISIONS ...]      (default 400 2000)
//
// Goal: `revisor history` on a 400-revision project in well under a second.
#include "migrations/migrationset.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace revisor;

namespace {

void write(const QString &path, const QString &text)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(text.toUtf8());
}

void generate(const QString &dir, int revisions)
{
    for (int i = 1; i <= revisions; ++i) {
        const QString stem = QStringLiteral("%1/%2_table_%3").arg(dir).arg(i, 6, 10, QLatin1Char('0')).arg(i);
        write(stem + QStringLiteral(".up.sql"),
              QStringLiteral("-- revision %1\nCREATE TABLE t%1 (\n    id bigint PRIMARY KEY,\n    name text NOT NULL,\n    created timestamptz DEFAULT now()\n);\n"
                             "CREATE INDEX t%1_name ON t%1 (name);\nCOMMENT ON TABLE t%1 IS 'table %1';\n").arg(i));
        write(stem + QStringLiteral(".down.sql"), QStringLiteral("DROP TABLE t%1;\n").arg(i));
    }
}

double ms(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QList<int> counts;
    for (int i = 1; i < argc; ++i)
        counts << QByteArray(argv[i]).toInt();
    if (counts.isEmpty())
        counts = {400, 2000};
    const QString revisor = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../bin/revisor"));

    std::printf("%9s %12s %12s %8s %16s\n", "revisions", "raw read ms", "load ms", "ratio", "history (CLI) ms");
    for (const int n : counts) {
        QTemporaryDir dir;
        generate(dir.path(), n);

        QElapsedTimer t;
        t.start();
        qsizetype bytes = 0;
        for (const QFileInfo &fi : QDir(dir.path()).entryInfoList(QDir::Files)) {
            QFile f(fi.absoluteFilePath());
            if (f.open(QIODevice::ReadOnly))
                bytes += f.readAll().size();
        }
        const double rawMs = ms(t);

        t.restart();
        auto set = MigrationSet::load(dir.path());
        const double loadMs = ms(t);
        if (!set || set->revisions().size() != n) {
            std::fprintf(stderr, "load failed: %s\n", set ? "wrong count" : qPrintable(set.error().toString()));
            return 1;
        }

        QProcess history;
        t.restart();
        history.start(revisor, {QStringLiteral("history"), QStringLiteral("--set"), dir.path()});
        history.waitForFinished(60000);
        const double cliMs = ms(t);
        if (history.exitCode() != 0) {
            std::fprintf(stderr, "revisor history failed: %s\n", history.readAllStandardError().constData());
            return 1;
        }
        std::printf("%9d %12.1f %12.1f %8.1f %16.1f\n", n, rawMs, loadMs, loadMs / std::max(rawMs, 0.001), cliMs);
        (void)bytes;
    }
    return 0;
}

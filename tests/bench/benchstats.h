#pragma once

// Shared by the benchmarks of tests/bench: timing a callable and printing a series of runs as
// median, min and max beside a reference measured in the same run. Benchmarks print figures;
// they never pass or fail on a time.

#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <algorithm>
#include <cstdio>

namespace revisor::bench {

template <typename F>
double timedMs(F &&f)
{
    QElapsedTimer t;
    t.start();
    f();
    return double(t.nsecsElapsed()) / 1e6;
}

/// The timings of one measured thing over several runs.
struct Series
{
    QString name;
    QList<double> ms;

    double median() const
    {
        if (ms.isEmpty())
            return 0;
        QList<double> v = ms;
        std::sort(v.begin(), v.end());
        const qsizetype n = v.size();
        return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
    double min() const { return ms.isEmpty() ? 0 : *std::min_element(ms.begin(), ms.end()); }
    double max() const { return ms.isEmpty() ? 0 : *std::max_element(ms.begin(), ms.end()); }
};

/// Per-run ratios of `s` to `reference` (runs paired by index), as a Series of plain numbers.
inline Series ratios(const Series &s, const Series &reference)
{
    Series r{s.name + QStringLiteral(" / ") + reference.name, {}};
    for (qsizetype i = 0; i < s.ms.size() && i < reference.ms.size(); ++i)
        r.ms << (reference.ms[i] > 0 ? s.ms[i] / reference.ms[i] : 0);
    return r;
}

inline void printHeader()
{
    std::printf("%-52s %10s %10s %10s %8s %8s %8s  %s\n", "measured", "median ms", "min ms", "max ms", "ratio", "r.min",
                "r.max", "goal");
}

/// One line: the series' median/min/max, and its per-run ratio to the reference (median, min,
/// max); `goal` > 0 adds "<= goal: met|missed" judged on the median ratio.
inline void printLine(const Series &s, const Series *reference = nullptr, double goal = 0)
{
    if (!reference) {
        std::printf("%-52s %10.1f %10.1f %10.1f %8s %8s %8s  reference\n", qPrintable(s.name), s.median(), s.min(), s.max(),
                    "1.00", "", "");
        return;
    }
    const Series r = ratios(s, *reference);
    QString verdict;
    if (goal > 0)
        verdict = QStringLiteral("<= %1: %2").arg(goal, 0, 'f', 2).arg(r.median() <= goal ? QStringLiteral("met") : QStringLiteral("missed"));
    std::printf("%-52s %10.1f %10.1f %10.1f %8.2f %8.2f %8.2f  %s\n", qPrintable(s.name), s.median(), s.min(), s.max(),
                r.median(), r.min(), r.max(), qPrintable(verdict));
    std::fflush(stdout);
}

} // namespace revisor::bench

// The growth models of revisor scale: which one is chosen, and what it predicts.
#include "rehearsal/scalefit.h"

#include <QtTest>

#include <cmath>

using namespace revisor;

class TestScaleFit : public QObject
{
    Q_OBJECT

private slots:
    void chooses_data()
    {
        QTest::addColumn<QList<double>>("times");
        QTest::addColumn<QString>("model");
        const QList<double> rows{1000, 10000, 50000};
        const auto of = [&](auto f) {
            QList<double> out;
            for (double n : rows)
                out << f(n);
            return out;
        };
        QTest::newRow("flat") << of([](double) { return 80.0; }) << "constant";
        QTest::newRow("flat with noise") << QList<double>{80, 86, 78} << "constant";
        QTest::newRow("linear") << of([](double n) { return 20 + 0.5 * n; }) << "linear";
        QTest::newRow("n log n") << of([](double n) { return 5 + 0.01 * n * std::log2(n); }) << "n log n";
    }

    void chooses()
    {
        QFETCH(QList<double>, times);
        QFETCH(QString, model);
        const QList<double> rows{1000, 10000, 50000};
        QList<std::pair<double, double>> points;
        for (int i = 0; i < rows.size(); ++i)
            points.append({rows.at(i), times.at(i)});
        const GrowthFit fit = fitGrowth(points);
        QCOMPARE(fit.growthName(), model);
        QCOMPARE(fit.points, 3);
        // Each model reproduces its own points closely.
        for (const auto &[n, t] : points)
            QVERIFY2(std::abs(fit.predict(n) - t) <= 0.1 * t, qPrintable(QStringLiteral("%1 at %2").arg(fit.predict(n)).arg(n)));
    }

    void extrapolatesLinearGrowth()
    {
        const GrowthFit fit = fitGrowth({{1000, 120}, {10000, 1020}});
        QCOMPARE(fit.growthName(), QStringLiteral("linear"));
        QVERIFY(std::abs(fit.predict(40000000) - (20 + 0.1 * 40000000)) < 1);
        const QString uncertainty = extrapolationUncertainty(fit, 10000, 40000000);
        QVERIFY2(uncertainty.contains(QStringLiteral("4000× beyond")), qPrintable(uncertainty));
        QVERIFY(uncertainty.contains(QStringLiteral("order of magnitude")));
        QVERIFY(uncertainty.contains(QStringLiteral("fewer than three volumes")));
    }

    void degenerateInputs()
    {
        QCOMPARE(fitGrowth({}).points, 0);
        const GrowthFit one = fitGrowth({{500, 42}});
        QCOMPARE(one.growthName(), QStringLiteral("constant"));
        QCOMPARE(one.predict(1e9), 42.0);
        // Same row count twice: no slope can be fitted.
        QCOMPARE(fitGrowth({{500, 40}, {500, 60}}).growthName(), QStringLiteral("constant"));
    }
};

QTEST_GUILESS_MAIN(TestScaleFit)
#include "tst_scalefit.moc"

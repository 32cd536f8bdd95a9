#include "scalefit.h"

#include <cmath>

namespace revisor {

namespace {

double g(Growth growth, double n)
{
    switch (growth) {
    case Growth::Constant: return 0;
    case Growth::Linear: return n;
    case Growth::NLogN: return n * std::log2(std::max(n, 2.0));
    }
    return 0;
}

GrowthFit fitOne(Growth growth, const QList<std::pair<double, double>> &points)
{
    GrowthFit fit;
    fit.growth = growth;
    fit.points = int(points.size());
    const double count = double(points.size());
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const auto &[n, t] : points) {
        const double x = g(growth, n);
        sx += x;
        sy += t;
        sxx += x * x;
        sxy += x * t;
    }
    const double denominator = count * sxx - sx * sx;
    if (growth == Growth::Constant || std::abs(denominator) < 1e-12) {
        fit.growth = Growth::Constant;
        fit.a = sy / count;
    } else {
        fit.b = (count * sxy - sx * sy) / denominator;
        fit.a = (sy - fit.b * sx) / count;
    }
    double squares = 0;
    for (const auto &[n, t] : points) {
        // A prediction at or below zero is as wrong as a model can be: count it as 10x off.
        const double predicted = fit.predict(n);
        const double ratio = predicted > 0 && t > 0 ? std::log(predicted / t) : std::log(10.0);
        squares += ratio * ratio;
    }
    fit.logError = std::sqrt(squares / count);
    return fit;
}

} // namespace

double GrowthFit::predict(double rows) const
{
    return a + b * g(growth, rows);
}

QString GrowthFit::growthName() const
{
    switch (growth) {
    case Growth::Constant: return QStringLiteral("constant");
    case Growth::Linear: return QStringLiteral("linear");
    case Growth::NLogN: return QStringLiteral("n log n");
    }
    return {};
}

QString GrowthFit::formula() const
{
    if (growth == Growth::Constant)
        return QStringLiteral("%1 ms").arg(a, 0, 'g', 4);
    return QStringLiteral("%1 ms + %2 ms × %3").arg(a, 0, 'g', 4).arg(b, 0, 'g', 4)
        .arg(growth == Growth::Linear ? QStringLiteral("n") : QStringLiteral("n log2 n"));
}

QJsonObject GrowthFit::toJson() const
{
    return {{QStringLiteral("model"), growthName()}, {QStringLiteral("a_ms"), a}, {QStringLiteral("b_ms"), b},
            {QStringLiteral("points"), points}, {QStringLiteral("log_error"), logError},
            {QStringLiteral("formula"), formula()}};
}

GrowthFit fitGrowth(const QList<std::pair<double, double>> &points)
{
    if (points.isEmpty())
        return {};
    GrowthFit best = fitOne(Growth::Constant, points);
    for (Growth growth : {Growth::Linear, Growth::NLogN}) {
        const GrowthFit candidate = fitOne(growth, points);
        // A simpler model within 10 % of every point is kept: timing noise, not growth. With
        // two points any two-parameter model fits exactly, so only this keeps a flat step flat.
        if (candidate.growth == growth && best.logError > 0.1 && candidate.logError < best.logError - 0.05)
            best = candidate;
    }
    return best;
}

QString extrapolationUncertainty(const GrowthFit &fit, double largestMeasured, double rows)
{
    const double percent = (std::exp(fit.logError) - 1) * 100;
    QString text = QStringLiteral("±%1 % on the %2 measured point(s)").arg(percent, 0, 'f', 0).arg(fit.points);
    const double beyond = largestMeasured > 0 ? rows / largestMeasured : 0;
    if (beyond > 10)
        text += QStringLiteral("; %1× beyond the largest measured volume: take it as an order of magnitude").arg(beyond, 0, 'f', 0);
    else if (beyond > 1)
        text += QStringLiteral("; %1× beyond the largest measured volume").arg(beyond, 0, 'f', 1);
    if (fit.points < 3)
        text += QStringLiteral("; fewer than three volumes cannot tell linear from n log n");
    return text;
}

} // namespace revisor

#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace revisor {

/// How a time grows with the number of rows.
enum class Growth { Constant, Linear, NLogN };

/// A time model t(n) = a + b * g(n) with g(n) = 0, n or n log2 n, fitted by least squares to
/// measured (rows, ms) points, with how well it fits them.
struct GrowthFit
{
    Growth growth = Growth::Constant;
    double a = 0;
    double b = 0;
    int points = 0;
    /// Root mean square of ln(predicted / measured) over the points: 0.1 is about ±10 %.
    double logError = 0;

    double predict(double rows) const;
    /// "constant", "linear", "n log n"
    QString growthName() const;
    /// "12.0 ms + 0.0031 ms × n"
    QString formula() const;
    QJsonObject toJson() const;
};

/// Fits the three models and keeps the one that fits best; a simpler model wins while it is
/// within about 10 % of every point, or when a more complex one is not clearly better (its
/// error smaller by more than 0.05, about 5 %).
/// Fewer than two points with distinct row counts give a constant.
GrowthFit fitGrowth(const QList<std::pair<double, double>> &points);

/// The honest range of an extrapolation: the fit's own error widened by how far beyond the
/// largest measured volume it reaches ("±15 % on the measured points; 800× beyond the
/// largest: take it as an order of magnitude").
QString extrapolationUncertainty(const GrowthFit &fit, double largestMeasured, double rows);

} // namespace revisor

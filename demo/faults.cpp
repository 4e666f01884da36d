#include "demo/faults.hpp"

namespace kolcat::demo {

bool FaultDice::roll(FaultSpec& spec, bool allowed) {
    if (spec.after > 0) {
        --spec.after;
        return false;
    }
    if (!allowed) {
        return false;
    }
    if (spec.times > 0) {
        --spec.times;
        return true;
    }
    if (spec.probability > 0.0) {
        return std::uniform_real_distribution<double>(0.0, 1.0)(random_) < spec.probability;
    }
    return false;
}

}  // namespace kolcat::demo

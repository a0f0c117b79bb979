using System.Runtime.Intrinsics;

namespace HyperSearch.Engine.Kernels;

// Forward operators that TensorPrimitives does not have, and every activation's backward written in
// terms of the OUTPUT y (each is monotone, so sign(y) = sign(x) and f'(x) is a function of y); the
// backward then needs no copy of the pre-activation.

/// <summary>y = x > 0 ? x : slope·x.</summary>
internal readonly struct LeakyReluOp(float slope) : IUnaryOp
{
    public float Invoke(float x) => x > 0f ? x : slope * x;

    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, x * slope);

    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * slope);

    public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, x * slope);
}

/// <summary>y = x > 0 ? x : exp(x) − 1 (α = 1).</summary>
internal readonly struct EluOp : IUnaryOp
{
    public float Invoke(float x) => x > 0f ? x : MathF.Exp(x) - 1f;

    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512.Exp(Vector512.Min(x, Vector512<float>.Zero)) - Vector512<float>.One);

    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256.Exp(Vector256.Min(x, Vector256<float>.Zero)) - Vector256<float>.One);

    public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, Vector128.Exp(Vector128.Min(x, Vector128<float>.Zero)) - Vector128<float>.One);
}

/// <summary>dx = y > 0 ? dy : negativeScale·dy (ReLU: 0, leaky ReLU: slope).</summary>
internal readonly struct ReluBackwardOp(float negativeScale) : IBinaryOp
{
    public float Invoke(float y, float dy) => y > 0f ? dy : negativeScale * dy;

    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> dy) => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), dy, dy * negativeScale);

    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), dy, dy * negativeScale);

    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> dy) => Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<float>.Zero), dy, dy * negativeScale);
}

/// <summary>ELU: dx = y > 0 ? dy : dy·(y + 1), since d/dx (eˣ − 1) = eˣ = y + 1.</summary>
internal readonly struct EluBackwardOp : IBinaryOp
{
    public float Invoke(float y, float dy) => y > 0f ? dy : dy * (y + 1f);

    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> dy) => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), dy, dy * (y + Vector512<float>.One));

    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), dy, dy * (y + Vector256<float>.One));

    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> dy) => Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<float>.Zero), dy, dy * (y + Vector128<float>.One));
}

/// <summary>Sigmoid: dx = dy·y·(1 − y).</summary>
internal readonly struct SigmoidBackwardOp : IBinaryOp
{
    public float Invoke(float y, float dy) => dy * y * (1f - y);

    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> dy) => dy * y * (Vector512<float>.One - y);

    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> dy) => dy * y * (Vector256<float>.One - y);

    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> dy) => dy * y * (Vector128<float>.One - y);
}

/// <summary>Tanh: dx = dy·(1 − y²).</summary>
internal readonly struct TanhBackwardOp : IBinaryOp
{
    public float Invoke(float y, float dy) => dy * (1f - (y * y));

    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> dy) => dy * (Vector512<float>.One - (y * y));

    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> dy) => dy * (Vector256<float>.One - (y * y));

    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> dy) => dy * (Vector128<float>.One - (y * y));
}

using System.Numerics.Tensors;
using HyperSearch.Engine.Kernels;

namespace HyperSearch.Engine.Layers;

/// <summary>Element-wise non-linearity (every kind except Maxout, which changes the width).</summary>
internal sealed class ActivationLayer
{
    public ActivationLayer(Activation kind, float leakySlope = 0.01f)
    {
        if (kind == Activation.Maxout)
        {
            throw new ArgumentException("Maxout is a MaxoutLayer.", nameof(kind));
        }

        Kind = kind;
        LeakySlope = leakySlope;
    }

    public Activation Kind { get; }

    public float LeakySlope { get; }

    /// <summary>y = f(x), element-wise over any shape.</summary>
    public void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        switch (Kind)
        {
            case Activation.ReLU:
                TensorPrimitives.Max(x, 0f, y);
                break;
            case Activation.LeakyReLU:
                Elementwise.Unary(x, y, new LeakyReluOp(LeakySlope));
                break;
            case Activation.ELU:
                Elementwise.Unary(x, y, default(EluOp));
                break;
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid(x, y);
                break;
            case Activation.Tanh:
                TensorPrimitives.Tanh(x, y);
                break;
            default:
                throw new InvalidOperationException($"Unsupported activation {Kind}.");
        }
    }

    /// <summary>dx = f'(x)·dy, with f' expressed through the forward output y.</summary>
    public void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> y)
    {
        switch (Kind)
        {
            case Activation.ReLU:
                Elementwise.Binary(y, dy, dx, new ReluBackwardOp(0f));
                break;
            case Activation.LeakyReLU:
                Elementwise.Binary(y, dy, dx, new ReluBackwardOp(LeakySlope));
                break;
            case Activation.ELU:
                Elementwise.Binary(y, dy, dx, default(EluBackwardOp));
                break;
            case Activation.Sigmoid:
                Elementwise.Binary(y, dy, dx, default(SigmoidBackwardOp));
                break;
            case Activation.Tanh:
                Elementwise.Binary(y, dy, dx, default(TanhBackwardOp));
                break;
            default:
                throw new InvalidOperationException($"Unsupported activation {Kind}.");
        }
    }
}
